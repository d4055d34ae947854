package cases;

import static mamtest.Check.eq;
import static mamtest.Check.fails;
import static mamtest.Check.isTrue;

import android.app.Activity;
import android.content.Intent;
import android.hardware.Camera;
import android.hardware.camera2.CameraDevice;
import android.hardware.camera2.CameraManager;
import android.os.Handler;
import com.mam.runtime.CameraHooks;
import mamtest.Events;
import mamtest.TestApp;

/** Camera hooks: blocked calls fail with SecurityException and a notice; allowed calls reach the framework. */
public final class CameraCases {
  static final String BLOCK = "{\"camera\":{\"block\":true},\"schemaVersion\":1}";
  static final String ALLOW = "{\"camera\":{\"block\":false},\"schemaVersion\":1}";
  static final String[] CAPTURE_ACTIONS = {
    "android.media.action.IMAGE_CAPTURE", "android.media.action.IMAGE_CAPTURE_SECURE", "android.media.action.VIDEO_CAPTURE",
    "android.media.action.STILL_IMAGE_CAMERA", "android.media.action.STILL_IMAGE_CAMERA_SECURE", "android.media.action.VIDEO_CAMERA",
  };

  static void started(String policy) throws Exception { TestApp.wrapped(policy).start(); }

  public static void blockedOpenThrowsAndShowsNotice() throws Exception {
    started(BLOCK);
    SecurityException e = fails(SecurityException.class, CameraHooks::open, "Camera.open()");
    eq("camera blocked by policy", e.getMessage(), "message");
    fails(SecurityException.class, () -> CameraHooks.open(1), "Camera.open(1)");
    eq(0, Events.count("Camera.open"), "framework Camera.open never called");
    eq(2, Events.count("toast mam: camera blocked by policy"), "one notice per refusal");
  }

  public static void allowedOpenReachesTheFramework() throws Exception {
    started(ALLOW);
    Camera c = CameraHooks.open();
    Camera c1 = CameraHooks.open(1);
    eq(0, c.id, "Camera.open() result returned");
    eq(1, c1.id, "Camera.open(1) result returned");
    eq(2, Events.count("Camera.open"), "framework called");
    eq(0, Events.count("toast"), "no notice");
  }

  public static void blockedCamera2OpenThrows() throws Exception {
    started(BLOCK);
    CameraManager m = new CameraManager();
    CameraDevice.StateCallback cb = new CameraDevice.StateCallback() {};
    fails(SecurityException.class, () -> CameraHooks.openCamera(m, "0", cb, new Handler()), "openCamera(handler)");
    fails(SecurityException.class, () -> CameraHooks.openCamera(m, "0", Runnable::run, cb), "openCamera(executor)");
    eq(0, Events.count("CameraManager.openCamera"), "framework never called");
  }

  public static void allowedCamera2OpenReachesTheFramework() throws Exception {
    started(ALLOW);
    CameraManager m = new CameraManager();
    CameraDevice.StateCallback cb = new CameraDevice.StateCallback() {};
    CameraHooks.openCamera(m, "0", cb, new Handler());
    CameraHooks.openCamera(m, "1", Runnable::run, cb);
    isTrue(Events.has("CameraManager.openCamera 0") && Events.has("CameraManager.openCamera(executor) 1"), "both overloads forwarded");
  }

  public static void captureIntentsAreBlocked() throws Exception {
    started(BLOCK);
    Activity a = new Activity("Main");
    for (String action : CAPTURE_ACTIONS) {
      Intent i = new Intent(action);
      fails(SecurityException.class, () -> CameraHooks.startActivity(a, i), "Activity.startActivity " + action);
      fails(SecurityException.class, () -> CameraHooks.startActivity(a, i, null), "startActivity+options " + action);
      fails(SecurityException.class, () -> CameraHooks.startActivityForResult(a, i, 7), "startActivityForResult " + action);
      fails(SecurityException.class, () -> CameraHooks.startActivityForResult(a, i, 7, null), "startActivityForResult+options " + action);
      fails(SecurityException.class, () -> CameraHooks.startActivity((android.content.Context) a, i), "Context.startActivity " + action);
    }
    eq(0, Events.count("Main.start"), "no capture intent reached the framework");
    eq(0, Events.count("startActivity"), "nor through Context");
  }

  public static void otherIntentsPassWhileCameraBlocked() throws Exception {
    started(BLOCK);
    Activity a = new Activity("Main");
    CameraHooks.startActivity(a, new Intent("android.intent.action.VIEW"));
    CameraHooks.startActivityForResult(a, new Intent("android.intent.action.PICK"), 3);
    CameraHooks.startActivity((android.content.Context) a, new Intent(null));
    isTrue(Events.has("Main.startActivity android.intent.action.VIEW"), "VIEW started");
    isTrue(Events.has("Main.startActivityForResult android.intent.action.PICK 3"), "PICK started for result");
    isTrue(Events.has("Main.startActivity null"), "intent without action started");
  }

  public static void captureIntentsPassWhenCameraAllowed() throws Exception {
    started(ALLOW);
    Activity a = new Activity("Main");
    CameraHooks.startActivityForResult(a, new Intent(CAPTURE_ACTIONS[0]), 1);
    isTrue(Events.has("Main.startActivityForResult android.media.action.IMAGE_CAPTURE 1"), "capture started");
  }

  public static void screenCaptureBlockSetsFlagSecure() throws Exception {
    TestApp t = TestApp.wrapped("{\"schemaVersion\":1,\"screenCapture\":{\"block\":true}}");
    t.start();
    Activity a = t.launch("Main");
    eq(0x2000, a.window.flags & 0x2000, "FLAG_SECURE on the window");
    eq(null, TestApp.blockingText(a), "app content untouched");
  }

  public static void screenCaptureAllowedLeavesFlagsAlone() throws Exception {
    TestApp t = TestApp.wrapped("{\"schemaVersion\":1,\"screenCapture\":{\"block\":false}}");
    t.start();
    eq(0, t.launch("Main").window.flags, "no window flags");
  }
}
