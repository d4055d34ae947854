package cases;

import static mamtest.Check.eq;
import static mamtest.Check.fails;
import static mamtest.Check.isTrue;

import android.app.Activity;
import android.content.BroadcastReceiver;
import android.content.Intent;
import android.os.Build;
import com.mam.runtime.BlockingScreen;
import com.mam.runtime.CameraHooks;
import com.mam.runtime.Enforcer;
import com.mam.runtime.FileHooks;
import com.mam.runtime.LegacyNetwork;
import com.mam.runtime.NetworkHooks;
import com.mam.runtime.Platform;
import java.io.File;
import java.io.FileNotFoundException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URL;
import java.util.Collections;
import mamtest.Events;
import mamtest.FakeAndroidKeyStore;
import mamtest.TestApp;

/**
 * The runtime below API 21, where a wrapped app that kept its min SDK (`mam wrap --keep-min-sdk`, the
 * runtime merged into classes.dex) runs. Each case scripts the level it is about itself (the Runner's level
 * is overridden), so the level is exact whatever the Runner's list: below 14 the runtime fails closed
 * without a blocking screen; below 19 a policy with encryption fails closed with one; below 21 the VPN
 * check reads java.net.NetworkInterface and listens to CONNECTIVITY_ACTION. The fakes refuse any member
 * above the scripted level (mamtest.Api), so a case also proves the runtime never calls one.
 */
public final class LevelCases {
  static final String OPEN = "{\"schemaVersion\":1}";
  static final String ENCRYPT = "{\"dataAtRest\":{\"encrypt\":true},\"schemaVersion\":1}";
  static final String ALWAYS = "{\"schemaVersion\":1,\"vpn\":{\"mode\":\"always\"}}";
  static final String ANYWHERE = "{\"schemaVersion\":1,\"vpn\":{\"allowedNetworks\":[{\"cidr\":\"0.0.0.0/0\"},{\"cidr\":\"::/0\"}],\"mode\":\"outsideAllowedNetworks\"}}";

  static void level(int sdk) {
    Build.VERSION.SDK_INT = sdk;
    Build.VERSION.SDK = String.valueOf(sdk);
  }

  /** The host's view, read here independently of the runtime: does a VPN-kind interface have an address? */
  static boolean hostHasVpnInterface() throws Exception {
    for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      String name = n.getName();
      boolean vpnKind = name.startsWith("tun") || name.startsWith("ppp") || name.startsWith("tap") || name.startsWith("ipsec");
      for (InetAddress a : Collections.list(n.getInetAddresses())) if (vpnKind && !a.isLoopbackAddress()) return true;
    }
    return false;
  }

  static boolean hostHasOtherAddress() throws Exception {
    for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      String name = n.getName();
      boolean vpnKind = name.startsWith("tun") || name.startsWith("ppp") || name.startsWith("tap") || name.startsWith("ipsec");
      for (InetAddress a : Collections.list(n.getInetAddresses())) if (!vpnKind && !a.isLoopbackAddress()) return true;
    }
    return false;
  }

  public static void unsupportedNamesTheLevel() {
    isTrue(Platform.unsupported(13, false).contains("API 13"), "below 14: " + Platform.unsupported(13, false));
    isTrue(Platform.unsupported(1, true).contains("needs API 14"), "API 1");
    eq(null, Platform.unsupported(14, false), "14 without encryption");
    isTrue(Platform.unsupported(18, true).contains("data encryption needs Android 4.4 (API 19)"), "18 with encryption");
    eq(null, Platform.unsupported(19, true), "19 with encryption");
    eq(null, Platform.unsupported(34, true), "34");
  }

  public static void belowApi14FailsClosedWithoutCallbacks() throws Exception {
    for (int sdk : new int[] {1, 4, 13}) {
      level(sdk);
      TestApp t = TestApp.wrapped(OPEN);
      isTrue(t.start(), "onCreate returns true");
      eq(0, t.app.callbacks.size(), "no lifecycle callbacks registered at API " + sdk);
      isTrue(Enforcer.sUnsupported != null && Enforcer.sUnsupported.contains("API " + sdk), "reason: " + Enforcer.sUnsupported);
      isTrue(Events.has("toast mam: Android API " + sdk), "notice shown: " + Events.dump());
      fails(SecurityException.class, CameraHooks::open, "camera refused although the policy allows it");
      fails(ConnectException.class, () -> NetworkHooks.openConnection(new URL("http://127.0.0.1:9/")), "network refused");
      fails(FileNotFoundException.class, () -> FileHooks.newFileOutputStream(new File(t.dataDir, "files/x")), "app data locked");
      isTrue(!new File(t.dataDir, "files/x").exists(), "nothing written");
      Enforcer.sUnsupported = null;
      Enforcer.sContext = null;
      Events.all.clear();
    }
  }

  public static void encryptionBelowApi19FailsClosedWithABlockingScreen() throws Exception {
    FakeAndroidKeyStore.install();
    for (int sdk : new int[] {14, 15, 18}) {
      level(sdk);
      TestApp t = TestApp.wrapped(ENCRYPT);
      t.start();
      Activity a = t.launch("Main");
      String shown = TestApp.blockingText(a);
      isTrue(shown != null && shown.contains("data encryption needs Android 4.4 (API 19); this device is API " + sdk), "blocking screen at API " + sdk + ": " + shown);
      isTrue(BlockingScreen.sBlocked, "blocked");
      fails(FileNotFoundException.class, () -> FileHooks.newFileOutputStream(new File(t.dataDir, "files/x")), "app data locked");
      isTrue(!new File(t.dataDir, "files/x").exists(), "nothing written in plaintext");
      isTrue(!new File(t.dataDir, "no_backup/mam-data-key.wrapped").exists(), "no key generated");
      BlockingScreen.sBlocked = false;
    }
  }

  public static void policyWithoutEncryptionRunsAtApi15() throws Exception {
    level(15);
    TestApp t = TestApp.wrapped(OPEN);
    t.start();
    eq(1, t.app.callbacks.size(), "lifecycle callbacks registered");
    eq(null, TestApp.blockingText(t.launch("Main")), "no blocking screen");
    File f = new File(t.dataDir, "files/plain");
    try (OutputStream o = FileHooks.newFileOutputStream(f)) { o.write(new byte[] {1, 2, 3}); }
    eq(3L, f.length(), "files pass through without encryption");
  }

  public static void encryptionAtApi19KeepsTheWrappedKeyInNoBackup() throws Exception {
    level(19);
    FakeAndroidKeyStore.install();
    TestApp t = TestApp.wrapped(ENCRYPT);
    t.start();
    eq(null, TestApp.blockingText(t.launch("Main")), "no blocking screen");
    File f = new File(t.dataDir, "files/secret");
    try (OutputStream o = FileHooks.newFileOutputStream(f)) { o.write("hello".getBytes("UTF-8")); }
    byte[] head = java.nio.file.Files.readAllBytes(f.toPath());
    eq("MAMENC", new String(head, 0, 6, "US-ASCII"), "encrypted on disk");
    try (InputStream i = FileHooks.newFileInputStream(f)) { eq("hello", new String(i.readAllBytes(), "UTF-8"), "read back"); }
    isTrue(new File(t.dataDir, "no_backup/mam-data-key.wrapped").isFile(), "wrapped key in <dataDir>/no_backup, where getNoBackupFilesDir puts it from API 21: " + listing(t.root));
    eq(1, Events.count("keystore.generatePair mam-wrap-key"), "one wrapping pair generated in the Keystore");
  }

  static String listing(File dir) throws Exception {
    try (java.util.stream.Stream<java.nio.file.Path> s = java.nio.file.Files.walk(dir.toPath())) {
      return s.map(java.nio.file.Path::toString).collect(java.util.stream.Collectors.joining(", "));
    }
  }

  public static void vpnInterfaceNames() {
    for (String n : new String[] {"tun0", "ppp0", "tap1", "ipsec0"}) isTrue(LegacyNetwork.isVpnInterface(n), n);
    for (String n : new String[] {"wlan0", "eth0", "rmnet0", "lo", "", null}) isTrue(!LegacyNetwork.isVpnInterface(n), String.valueOf(n));
  }

  public static void vpnBelowApi21ReadsTheInterfacesAndListensForBroadcasts() throws Exception {
    for (int sdk : new int[] {14, 19, 20}) {
      level(sdk);
      TestApp t = TestApp.wrapped(ALWAYS);
      t.app.services.put("connectivity", new android.net.ConnectivityManager());
      t.start();
      eq(1, t.app.receivers.size(), "one receiver at API " + sdk);
      eq(LegacyNetwork.CONNECTIVITY_ACTION, t.app.receivers.values().iterator().next(), "for CONNECTIVITY_ACTION");
      boolean vpn = hostHasVpnInterface();
      Activity a = t.launch("Main");
      String shown = TestApp.blockingText(a);
      if (vpn) {
        eq(null, shown, "a VPN interface is up on this host");
      } else {
        isTrue(shown != null && shown.contains("a VPN connection is required"), "blocking screen: " + shown);
        fails(ConnectException.class, () -> NetworkHooks.openConnection(new URL("http://127.0.0.1:9/")), "network refused");
      }
      BroadcastReceiver r = t.app.receivers.keySet().iterator().next();
      r.onReceive(t.app, new Intent(LegacyNetwork.CONNECTIVITY_ACTION));
      eq(!vpn, BlockingScreen.sBlocked, "re-checked on the broadcast, same answer");
      BlockingScreen.sBlocked = false;
      com.mam.runtime.VpnMonitor.sVpnBlocked = false;
    }
  }

  public static void allowedRangeBelowApi21UsesTheInterfaceAddresses() throws Exception {
    level(19);
    TestApp t = TestApp.wrapped(ANYWHERE);
    t.start();
    String shown = TestApp.blockingText(t.launch("Main"));
    if (hostHasVpnInterface() || hostHasOtherAddress()) eq(null, shown, "an address inside 0.0.0.0/0 or ::/0");
    else isTrue(shown != null, "no address at all: blocked");
  }
}
