package mamtest;

import android.app.Activity;
import android.app.Application;
import android.os.Bundle;
import com.mam.runtime.Bootstrap;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;

/**
 * A scripted wrapped app: an Application with the policy asset and the mam.wrapper marker as the wrap
 * step writes them (docs/policy-spec-draft.md), temporary data directories, and helpers that play the
 * platform's part (creating the provider, dispatching activity lifecycle callbacks).
 */
public final class TestApp {
  public static final String PACKAGE = "com.example.app";
  public final Application app = new Application();
  public final File root;
  public final File dataDir;
  public final File externalDir;

  public TestApp() throws Exception {
    root = Files.createTempDirectory("mam-shim").toFile();
    dataDir = new File(root, "data/user/0/" + PACKAGE);
    externalDir = new File(root, "sdcard/Android/data/" + PACKAGE);
    new File(dataDir, "files").mkdirs();
    new File(externalDir, "files").mkdirs();
    app.applicationContext = app;
    app.packageName = PACKAGE;
    app.applicationInfo.dataDir = dataDir.getPath();
    app.externalFilesDir = new File(externalDir, "files");
    app.packageManager.installed.put(PACKAGE, new android.content.pm.ApplicationInfo());
    File fs = new File(root, "fs");
    fs.mkdirs();
    com.mam.runtime.RootDetector.sFsRoot = fs.getPath();
    com.mam.runtime.RootDetector.sFridaPort = closedPort();
  }

  /** A loopback port nothing listens on (bound then released), so the Frida probe finds no server. */
  public static int closedPort() throws Exception {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** A wrapped app whose asset holds `policyJson` and whose marker carries that text's SHA-256. */
  public static TestApp wrapped(String policyJson) throws Exception {
    TestApp t = new TestApp();
    t.putAsset(policyJson);
    t.putMarker("mam 0.1.0; policy-sha256=" + sha256Hex(policyJson.getBytes(StandardCharsets.UTF_8)));
    return t;
  }

  public void putAsset(String policyJson) { app.assets.files.put("mam/policy.json", policyJson.getBytes(StandardCharsets.UTF_8)); }

  public void putMarker(String value) {
    Bundle md = new Bundle();
    md.putString("mam.wrapper", value);
    app.packageManager.installed.get(PACKAGE).metaData = md;
  }

  /** Creates and starts the bootstrap provider as ActivityThread.installProvider does. */
  public boolean start() {
    Bootstrap b = new Bootstrap();
    b.attachContextForTest(app);
    return b.onCreate();
  }

  /** An activity going through onCreate then onResume, as the platform dispatches them. */
  public Activity launch(String name) {
    Activity a = new Activity(name);
    for (Application.ActivityLifecycleCallbacks cb : app.callbacks) cb.onActivityCreated(a, null);
    resume(a);
    return a;
  }

  public void resume(Activity a) { for (Application.ActivityLifecycleCallbacks cb : app.callbacks) cb.onActivityResumed(a); }

  public static String sha256Hex(byte[] b) throws Exception {
    StringBuilder s = new StringBuilder();
    for (byte x : MessageDigest.getInstance("SHA-256").digest(b)) s.append(String.format("%02x", x));
    return s.toString();
  }

  /** The text of the blocking screen on `a`, or null when its content is not the blocking screen. */
  public static String blockingText(Activity a) {
    return a.content instanceof android.widget.TextView ? String.valueOf(((android.widget.TextView) a.content).text) : null;
  }
}
