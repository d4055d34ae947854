package hooktest;

import android.content.Intent;
import android.hardware.camera2.CameraDevice;
import android.hardware.camera2.CameraManager;
import android.os.Bundle;
import android.os.Handler;
import com.example.hooks.Calls;
import com.example.hooks.MainActivity;
import java.io.File;
import java.io.FileOutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.URL;
import java.util.concurrent.Callable;
import mamtest.TestApp;

/**
 * Calls every entry point of the hooks fixture app (fixtures/android/hooks-app) with a strict policy
 * (camera blocked, data encrypted, VPN always required and absent) and prints, per call, "landed NAME"
 * when the call went through the runtime (a com.mam.runtime frame on the thrown exception's stack, or a
 * com.mam.runtime object returned), else "missed NAME".
 */
public final class HookCalls {
  static final String POLICY = "{\"camera\":{\"block\":true},\"dataAtRest\":{\"encrypt\":true},\"schemaVersion\":1,\"vpn\":{\"mode\":\"always\"}}";

  interface Call { Object call() throws Throwable; }

  static void check(String name, Call c) {
    try {
      Object r = c.call();
      String cls = r == null ? "null" : r.getClass().getName();
      System.out.println((cls.startsWith("com.mam.runtime.") ? "landed " : "missed ") + name + " returned " + cls);
      if (r instanceof java.io.Closeable) ((java.io.Closeable) r).close();
    } catch (Throwable t) {
      boolean shim = false;
      for (StackTraceElement e : t.getStackTrace()) if (e.getClassName().startsWith("com.mam.runtime.")) shim = true;
      System.out.println((shim ? "landed " : "missed ") + name + " threw " + t);
    }
  }

  public static void main(String[] args) throws Exception {
    mamtest.FakeAndroidKeyStore.install();
    TestApp t = TestApp.wrapped(POLICY);
    t.start();
    File data = new File(t.dataDir, "files/hooked.txt");
    try (FileOutputStream seed = new FileOutputStream(new File(t.dataDir, "files/plain.txt"))) { seed.write(1); }
    MainActivity a = new MainActivity("Main");
    Intent capture = new Intent("android.media.action.IMAGE_CAPTURE");
    CameraManager m = new CameraManager();
    CameraDevice.StateCallback cb = new CameraDevice.StateCallback() {};
    InetSocketAddress closed = new InetSocketAddress("127.0.0.1", TestApp.closedPort());
    URL url = new URL("http://127.0.0.1:9/");
    check("Camera.open()", Calls::cameraOpen);
    check("Camera.open(int)", () -> Calls.cameraOpenId(0));
    check("CameraManager.openCamera(handler)", () -> { Calls.openCamera(m, "0", cb, new Handler()); return null; });
    check("CameraManager.openCamera(executor)", () -> { Calls.openCameraExecutor(m, "0", Runnable::run, cb); return null; });
    check("MainActivity.startActivity(Intent)", () -> { Calls.startActivity(a, capture); return null; });
    check("MainActivity.startActivity(Intent,Bundle)", () -> { Calls.startActivityBundle(a, capture, new Bundle()); return null; });
    check("Activity.startActivityForResult(Intent,int)", () -> { Calls.startActivityForResult(a, capture, 1); return null; });
    check("MainActivity.startActivityForResult(Intent,int,Bundle)", () -> { Calls.startActivityForResultBundle(a, capture, 1, new Bundle()); return null; });
    check("Context.startActivity(Intent)", () -> { Calls.contextStartActivity(a, capture); return null; });
    check("new FileOutputStream(File)", () -> Calls.fosFile(data));
    check("new FileOutputStream(File,boolean)", () -> Calls.fosFileAppend(data));
    check("new FileOutputStream(String)", () -> Calls.fosPath(data.getPath()));
    check("new FileOutputStream(String,boolean)", () -> Calls.fosPathAppend(data.getPath(), true));
    check("new FileInputStream(File)", () -> Calls.fisFile(data));
    check("new FileInputStream(String)", () -> Calls.fisPath(data.getPath()));
    check("Socket.connect(SocketAddress)", () -> { Calls.socketConnect(new Socket(), closed); return null; });
    check("Socket.connect(SocketAddress,int)", () -> { Calls.socketConnectTimeout(new Socket(), closed, 100); return null; });
    check("URL.openConnection()", () -> Calls.urlOpen(url));
    check("URL.openConnection(Proxy)", () -> Calls.urlOpenProxy(url, Proxy.NO_PROXY));
    for (int i = -1; i <= 1; i++) System.out.println("branchy(" + i + ") = " + Calls.branchy(i, new File(t.dataDir, "files/branchy.txt")));
  }
}
