package cases;

import static mamtest.Check.eq;
import static mamtest.Check.isTrue;

import android.app.Activity;
import android.os.Build;
import android.os.SystemProperties;
import com.mam.runtime.BlockingScreen;
import com.mam.runtime.RootDetector;
import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import mamtest.Events;
import mamtest.TestApp;

/** Compromised-device detection: each signal on a fake filesystem/properties, and each action. */
public final class RootCases {
  static File fs() { return new File(RootDetector.sFsRoot); }

  static void touch(String path, String text) throws Exception {
    File f = new File(fs(), path);
    f.getParentFile().mkdirs();
    Files.write(f.toPath(), text.getBytes(StandardCharsets.UTF_8));
  }

  static List<String> signals() { return Arrays.asList(RootDetector.collect()); }

  public static void cleanDeviceHasNoSignals() throws Exception {
    new TestApp();
    touch("/proc/mounts", "/dev/block/dm-0 / ext4 ro,seclabel,relatime 0 0\n/dev/block/dm-1 /vendor ext4 ro 0 0\ntmpfs /data tmpfs rw 0 0\n");
    touch("/proc/1/cmdline", "/system/bin/init\0second_stage");
    touch("/proc/self/maps", "7f00-7f10 r-xp 0 fd:00 1 /system/lib64/libc.so\n");
    eq(List.of(), signals(), "signals");
  }

  public static void suBinariesAreSignals() throws Exception {
    new TestApp();
    touch("/system/xbin/su", "");
    touch("/sbin/su", "");
    eq(List.of("su:/system/xbin/su", "su:/sbin/su"), signals(), "signals");
  }

  public static void magiskSuperSuKernelSuTracesAreSignals() throws Exception {
    new TestApp();
    touch("/data/adb/magisk/busybox", "");
    touch("/system/xbin/daemonsu", "");
    touch("/data/adb/ksud", "");
    touch("/proc/mounts", "magisk /system/bin tmpfs ro 0 0\n");
    isTrue(signals().containsAll(List.of("magisk:/data/adb/magisk", "supersu:/system/xbin/daemonsu", "kernelsu:/data/adb/ksud", "magisk:mounts")), "signals " + signals());
  }

  public static void testKeysBuildIsASignal() throws Exception {
    new TestApp();
    Build.TAGS = "dev-keys,test-keys";
    eq(List.of("test-keys"), signals(), "signals");
  }

  public static void debuggableAndInsecurePropertiesAreSignals() throws Exception {
    new TestApp();
    SystemProperties.values.put("ro.debuggable", "1");
    SystemProperties.values.put("ro.secure", "0");
    eq(List.of("ro.debuggable=1", "ro.secure=0"), signals(), "signals");
    SystemProperties.values.put("ro.debuggable", "0");
    SystemProperties.values.put("ro.secure", "1");
    eq(List.of(), signals(), "production values");
  }

  public static void writableSystemIsASignal() throws Exception {
    new TestApp();
    touch("/proc/mounts", "/dev/block/dm-0 /system ext4 rw,seclabel,relatime 0 0\n");
    eq(List.of("system-writable"), signals(), "signals");
  }

  public static void mountsParsingFollowsTheProcMountsFields() {
    isTrue(RootDetector.isSystemWritable("/dev/root / ext4 rw,seclabel 0 0"), "system-as-root mounted rw");
    isTrue(!RootDetector.isSystemWritable("rootfs / rootfs rw,seclabel 0 0"), "legacy rootfs is not /system");
    isTrue(!RootDetector.isSystemWritable("/dev/root / ext4 ro,seclabel 0 0"), "ro");
    isTrue(!RootDetector.isSystemWritable("/dev/sda1 /system_ext ext4 rw 0 0"), "a different mount point");
    isTrue(!RootDetector.isSystemWritable("/dev/x /system ext4 ro,nosuid,rwx 0 0"), "an option that merely contains rw");
  }

  public static void fridaServerPortIsASignal() throws Exception {
    new TestApp();
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      RootDetector.sFridaPort = s.getLocalPort();
      eq(List.of("instrumentation:frida-port"), signals(), "signals");
    }
  }

  public static void fridaServerProcessIsASignal() throws Exception {
    new TestApp();
    touch("/proc/4242/cmdline", "/data/local/tmp/frida-server\0-l\0000.0.0.0");
    eq(List.of("instrumentation:frida-server"), signals(), "signals");
  }

  public static void fridaGadgetAndSubstrateInMapsAreSignals() throws Exception {
    new TestApp();
    touch("/proc/self/maps", "7f00-7f10 r-xp 0 fd:00 1 /data/app/x/lib/arm64/libfrida-gadget.so\n7f20-7f30 r-xp 0 fd:00 2 /data/local/libsubstrate.so\n");
    eq(List.of("instrumentation:frida-gadget", "instrumentation:substrate"), signals(), "signals");
  }

  public static void xposedBridgeIsASignal() throws Exception {
    new TestApp();
    eq(List.of("instrumentation:xposed"), signals(), "bridge class loadable");
  }

  public static void instrumentationIgnoredWhenDetectionIsOff() throws Exception {
    String[] s = {"su:/sbin/su", "instrumentation:frida-port"};
    eq(new String[] {"su:/sbin/su"}, RootDetector.filter(s, false), "filtered");
    eq(s, RootDetector.filter(s, true), "kept");
  }

  public static void decideFollowsThePolicyAction() {
    String[] some = {"test-keys"};
    eq("allow", RootDetector.decide(new String[0], "wipe"), "no signal");
    eq("warn", RootDetector.decide(some, "warn"), "warn");
    eq("block", RootDetector.decide(some, "block"), "block");
    eq("wipe", RootDetector.decide(some, "wipe"), "wipe");
    eq("allow", RootDetector.decide(some, "allow"), "allow");
    eq("block", RootDetector.decide(some, "explode"), "unknown action fails closed");
  }

  static TestApp rooted(String action, boolean detectInstrumentation) throws Exception {
    TestApp t = TestApp.wrapped("{\"compromisedDevice\":{\"action\":\"" + action + "\",\"detectInstrumentation\":" + detectInstrumentation + "},\"schemaVersion\":1}");
    touch("/system/bin/su", "");
    return t;
  }

  public static void warnShowsANoticeAndKeepsTheAppUsable() throws Exception {
    TestApp t = rooted("warn", true);
    t.start();
    isTrue(Events.has("toast mam: compromised device: su:/system/bin/su"), "warning notice");
    Activity a = t.launch("Main");
    eq(null, TestApp.blockingText(a), "no blocking screen");
    eq(false, BlockingScreen.sBlocked, "not blocked");
  }

  public static void blockShowsTheBlockingScreenAndFinishesActivities() throws Exception {
    TestApp t = rooted("block", true);
    t.start();
    isTrue(BlockingScreen.sBlocked && BlockingScreen.sPermanent, "permanently blocked");
    Activity first = t.launch("First");
    Activity second = t.launch("Second");
    String shown = TestApp.blockingText(second);
    isTrue(shown != null && shown.contains("compromised device: su:/system/bin/su"), "blocking screen: " + shown);
    isTrue(first.finished, "the activity behind is finished");
    isTrue(!second.finished, "the front activity stays to show the blocking screen");
  }

  public static void wipeDeletesAppDataThenBlocks() throws Exception {
    TestApp t = rooted("wipe", true);
    File secret = new File(t.dataDir, "files/secret.txt");
    Files.write(secret.toPath(), "x".getBytes(StandardCharsets.UTF_8));
    new File(t.dataDir, "databases").mkdirs();
    Files.write(new File(t.dataDir, "databases/app.db").toPath(), new byte[] {1});
    Files.write(new File(t.externalDir, "files/photo.jpg").toPath(), new byte[] {2});
    File outside = new File(t.root, "elsewhere.txt");
    Files.write(outside.toPath(), new byte[] {3});
    t.start();
    eq(0, t.dataDir.list().length, "data dir emptied: " + Arrays.toString(t.dataDir.list()));
    eq(0, t.externalDir.list().length, "external data dir emptied");
    isTrue(outside.exists(), "files outside the app's data survive");
    isTrue(BlockingScreen.sBlocked, "blocked after wiping");
    isTrue(TestApp.blockingText(t.launch("Main")) != null, "blocking screen shown");
  }

  public static void wipeDoesNotFollowSymlinksOutOfTheDataDir() throws Exception {
    TestApp t = rooted("wipe", true);
    File target = new File(t.root, "shared");
    target.mkdirs();
    File kept = new File(target, "keep.txt");
    Files.write(kept.toPath(), new byte[] {1});
    Files.createSymbolicLink(new File(t.dataDir, "lib").toPath(), target.toPath());
    t.start();
    isTrue(!new File(t.dataDir, "lib").exists(), "link removed");
    isTrue(kept.exists(), "link target's content kept");
  }

  public static void instrumentationOnlyDeviceIsAllowedWhenDetectionOff() throws Exception {
    TestApp t = TestApp.wrapped("{\"compromisedDevice\":{\"action\":\"block\",\"detectInstrumentation\":false},\"schemaVersion\":1}");
    touch("/proc/self/maps", "/data/local/tmp/frida-agent-64.so\n");
    t.start();
    eq(false, BlockingScreen.sBlocked, "not blocked");
    eq(0, RootDetector.sLastSignals.length, "no signal kept");
  }

  public static void allowActionSkipsDetection() throws Exception {
    TestApp t = rooted("allow", true);
    t.start();
    eq(null, RootDetector.sLastSignals, "detection not run");
    eq(false, BlockingScreen.sBlocked, "not blocked");
  }
}
