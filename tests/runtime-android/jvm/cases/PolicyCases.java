package cases;

import android.os.Build;
import static mamtest.Check.eq;
import static mamtest.Check.fails;
import static mamtest.Check.isTrue;

import android.app.Activity;
import android.hardware.Camera;
import com.mam.runtime.Enforcer;
import com.mam.runtime.FileHooks;
import com.mam.runtime.NetworkHooks;
import com.mam.runtime.Policy;
import com.mam.runtime.PolicyLoader;
import java.io.File;
import java.io.FileNotFoundException;
import java.net.ConnectException;
import java.net.URL;
import mamtest.Events;
import mamtest.TestApp;

/** Policy loading: the asset, the manifest marker, the digest check, parsing, and failing closed. */
public final class PolicyCases {
  static final String FULL = "{\"camera\":{\"block\":true},\"compromisedDevice\":{\"action\":\"wipe\",\"detectInstrumentation\":false},"
      + "\"dataAtRest\":{\"encrypt\":true},\"schemaVersion\":1,\"screenCapture\":{\"block\":true},"
      + "\"vpn\":{\"allowedNetworks\":[{\"ssid\":\"CorpWiFi\"},{\"cidr\":\"10.0.0.0/8\"},{\"ssid\":\"Lab\"}],\"mode\":\"outsideAllowedNetworks\"}}";

  public static void sha256HexMatchesFips180Vector() throws Exception {
    // FIPS 180-2 appendix B.1: SHA-256("abc")
    eq("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", PolicyLoader.sha256Hex("abc".getBytes("US-ASCII")), "digest");
  }

  public static void markerDigestIsTheValueAfterTheKey() {
    eq("ab12", PolicyLoader.markerDigest("mam 0.1.0; policy-sha256=ab12"), "last field");
    eq("ab12", PolicyLoader.markerDigest("policy-sha256=ab12; extra=1"), "followed by another field");
    eq(null, PolicyLoader.markerDigest("mam 0.1.0"), "absent");
  }

  public static void verifiedPolicyIsParsedWithItsValues() throws Exception {
    if (Build.VERSION.SDK_INT < 19) return; // below API 19 a policy with encryption fails closed: LevelCases
    TestApp t = TestApp.wrapped(FULL);
    isTrue(t.start(), "onCreate returns true");
    Policy p = Enforcer.sPolicy;
    isTrue(p != null, "policy verified: " + PolicyLoader.sLastError);
    eq(true, p.cameraBlock, "camera.block");
    eq(true, p.encrypt, "dataAtRest.encrypt");
    eq(true, p.screenCaptureBlock, "screenCapture.block");
    eq("wipe", p.rootAction, "compromisedDevice.action");
    eq(false, p.detectInstrumentation, "compromisedDevice.detectInstrumentation");
    eq("outsideAllowedNetworks", p.vpnMode, "vpn.mode");
    eq(new String[] {"CorpWiFi", "Lab"}, p.allowedSsids, "allowed SSIDs");
    eq(new String[] {"10.0.0.0/8"}, p.allowedCidrs, "allowed CIDRs");
    isTrue(Events.has("getApplicationInfo com.example.app flags=128"), "marker read with GET_META_DATA");
    eq(1, t.app.callbacks.size(), "lifecycle callbacks registered");
  }

  public static void absentSectionsTakeTheSpecDefaults() throws Exception {
    TestApp t = TestApp.wrapped("{\"schemaVersion\":1}");
    t.start();
    Policy p = Enforcer.sPolicy;
    eq(false, p.cameraBlock, "camera.block");
    eq(false, p.encrypt, "dataAtRest.encrypt");
    eq(false, p.screenCaptureBlock, "screenCapture.block");
    eq("allow", p.rootAction, "compromisedDevice.action");
    eq(true, p.detectInstrumentation, "detectInstrumentation");
    eq("off", p.vpnMode, "vpn.mode");
    eq(0, p.allowedSsids.length, "no SSIDs");
  }

  public static void missingAssetFailsClosed() throws Exception {
    TestApp t = new TestApp();
    t.putMarker("mam 0.1.0; policy-sha256=" + TestApp.sha256Hex(new byte[0]));
    assertBlocked(t, "policy unreadable");
  }

  public static void alteredPolicyFailsClosed() throws Exception {
    TestApp t = TestApp.wrapped("{\"camera\":{\"block\":true},\"schemaVersion\":1}");
    t.putAsset("{\"camera\":{\"block\":false},\"schemaVersion\":1}");
    assertBlocked(t, "policy digest does not match");
  }

  public static void missingMarkerFailsClosed() throws Exception {
    TestApp t = new TestApp();
    t.putAsset("{\"schemaVersion\":1}");
    assertBlocked(t, "policy marker (mam.wrapper meta-data) is missing");
  }

  public static void markerWithoutDigestFailsClosed() throws Exception {
    TestApp t = TestApp.wrapped("{\"schemaVersion\":1}");
    t.putMarker("mam 0.1.0");
    assertBlocked(t, "policy marker has no policy-sha256");
  }

  public static void unknownSchemaVersionFailsClosed() throws Exception {
    assertBlocked(TestApp.wrapped("{\"schemaVersion\":2}"), "unsupported policy schemaVersion");
  }

  public static void notJsonFailsClosed() throws Exception {
    assertBlocked(TestApp.wrapped("camera: block"), "policy unreadable");
  }

  /** Fail closed: blocking screen on the resumed activity, the others finished, every hook refusing. */
  static void assertBlocked(TestApp t, String reason) throws Exception {
    t.start();
    isTrue(Enforcer.sPolicy == null, "no policy in force");
    isTrue(PolicyLoader.sLastError.contains(reason), "reason: " + PolicyLoader.sLastError);
    Activity first = t.launch("Main");
    Activity second = t.launch("Detail");
    String shown = TestApp.blockingText(second);
    isTrue(shown != null && shown.startsWith("Blocked by policy: ") && shown.contains(reason), "blocking screen on the resumed activity: " + shown);
    isTrue(TestApp.blockingText(first) != null, "the first activity was covered while it was in front");
    eq(8192, second.window.flags & 8192, "FLAG_SECURE while blocked");
    fails(SecurityException.class, com.mam.runtime.CameraHooks::open, "camera refused");
    eq(0, Events.count("Camera.open"), "framework camera never reached");
    fails(ConnectException.class, () -> NetworkHooks.openConnection(new URL("http://127.0.0.1:9/")), "network refused");
    fails(FileNotFoundException.class, () -> FileHooks.newFileOutputStream(new File(t.dataDir, "files/x")), "app data locked");
    isTrue(!new File(t.dataDir, "files/x").exists(), "nothing written");
  }
}
