package cases;

import static mamtest.Check.eq;
import static mamtest.Check.fails;
import static mamtest.Check.isTrue;

import android.os.Build;
import android.security.KeyPairGeneratorSpec;
import com.mam.runtime.DataKey;
import com.mam.runtime.FileHooks;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.math.BigInteger;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.Security;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import javax.security.auth.x500.X500Principal;
import mamtest.DiskFormat;
import mamtest.Events;
import mamtest.FakeAndroidKeyStore;
import mamtest.TestApp;

/**
 * The data-encryption key by platform level (runtime-shims/android/README.md): an Android Keystore AES
 * key on API 23+, a random AES key wrapped by a Keystore RSA pair on API 21-22. The Runner runs every
 * case at each level; the fakes refuse what a level does not have (KeyGenParameterSpec below 23).
 */
public final class KeyCases {
  static boolean keystoreAes() { return Build.VERSION.SDK_INT >= 23; }

  static void assertOneKeyGenerated(TestApp t, boolean aes) {
    if (aes) {
      eq(1, Events.count("keystore.generate mam-data-key"), "one Keystore AES key generated");
      eq(0, Events.count("keystore.generatePair"), "no wrapping pair");
      isTrue(!DiskFormat.wrappedKeyFile(t).exists(), "no wrapped key file");
    } else {
      eq(0, Events.count("keystore.generate mam-data-key"), "no Keystore AES key below API 23");
      eq(1, Events.count("keystore.generatePair mam-wrap-key"), "one wrapping pair generated");
      isTrue(DiskFormat.wrappedKeyFile(t).isFile(), "wrapped key stored");
    }
  }

  /** A new process: the runtime forgets its cached key (DataKey.sKey); the Keystore and the files stay. */
  static void restartProcess() throws Exception {
    Field f = DataKey.class.getDeclaredField("sKey");
    f.setAccessible(true);
    f.set(null, null);
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  public static void keyComesFromTheAndroidKeystore() throws Exception {
    if (Build.VERSION.SDK_INT < 19) return; // below API 19 a policy with encryption fails closed: LevelCases
    FileCases c = new FileCases(FileCases.ENCRYPT);
    c.write(FileCases.text(3), false);
    c.write(FileCases.text(5), false);
    assertOneKeyGenerated(c.t, keystoreAes());
    if (keystoreAes()) {
      eq(3, FakeAndroidKeyStore.lastSpec.purposes, "PURPOSE_ENCRYPT | PURPOSE_DECRYPT");
      eq(new String[] {"GCM"}, FakeAndroidKeyStore.lastSpec.blockModes, "block mode");
      eq(new String[] {"NoPadding"}, FakeAndroidKeyStore.lastSpec.paddings, "padding");
      eq(256, FakeAndroidKeyStore.lastSpec.keySize, "AES-256");
      eq(false, FakeAndroidKeyStore.lastSpec.randomizedEncryptionRequired, "caller-chosen nonces");
    } else {
      KeyPairGeneratorSpec s = FakeAndroidKeyStore.lastPairSpec;
      eq("mam-wrap-key", s.alias, "alias");
      eq(2048, s.keySize, "RSA-2048");
      eq(new X500Principal("CN=mam-wrap-key"), s.subject, "subject");
      eq(BigInteger.ONE, s.serialNumber, "serial number");
      eq(0L, s.startDate.getTime(), "fixed start date");
      eq(Instant.parse("2099-12-31T23:59:59Z").toEpochMilli(), s.endDate.getTime(), "fixed end date");
      isTrue(!FakeAndroidKeyStore.keys.containsKey("mam-data-key"), "no Keystore AES key");
      eq(10L + 256, DiskFormat.wrappedKeyFile(c.t).length(), "header + one RSA-2048 block");
    }
    eq(FileCases.text(5), c.decode(c.disk()), "independent decoder with the independently found key");
  }

  public static void keySurvivesRestartAndOsUpgrade() throws Exception {
    if (Build.VERSION.SDK_INT < 19) return; // below API 19 a policy with encryption fails closed: LevelCases
    FileCases c = new FileCases(FileCases.ENCRYPT);
    boolean aes = keystoreAes();
    c.write(FileCases.text(40), false);
    restartProcess();
    Build.VERSION.SDK_INT = 34;
    eq(FileCases.text(40), c.read(), "read after a restart on the newest level");
    c.write(FileCases.text(7), true);
    eq(concat(FileCases.text(40), FileCases.text(7)), c.read(), "appended after the upgrade");
    assertOneKeyGenerated(c.t, aes);
  }

  public static void lostKeystoreKeyMakesOldFilesFailAuthentication() throws Exception {
    if (Build.VERSION.SDK_INT < 19) return; // below API 19 a policy with encryption fails closed: LevelCases
    FileCases c = new FileCases(FileCases.ENCRYPT);
    boolean aes = keystoreAes();
    c.write(FileCases.text(20), false);
    File old = new File(c.t.dataDir, "files/old.txt");
    isTrue(c.file.renameTo(old), "kept as old.txt");
    KeyStore ks = KeyStore.getInstance("AndroidKeyStore");
    ks.load(null);
    ks.deleteEntry("mam-data-key");
    ks.deleteEntry("mam-wrap-key");
    restartProcess();
    c.write(FileCases.text(9), false);
    eq(FileCases.text(9), c.read(), "new files work with a new key");
    IOException e = fails(IOException.class, () -> FileCases.readAll(FileHooks.newFileInputStream(old)), "old file under the lost key");
    isTrue(e.getMessage().contains("failed authentication"), "detected, not silent: " + e.getMessage());
    eq(2, Events.count(aes ? "keystore.generate mam-data-key" : "keystore.generatePair mam-wrap-key"), "a second key");
  }

  public static void damagedWrappedKeyFileIsAnIOException() throws Exception {
    if (Build.VERSION.SDK_INT < 19) return; // below API 19 a policy with encryption fails closed: LevelCases
    FileCases c = new FileCases(FileCases.ENCRYPT);
    c.write(FileCases.text(20), false);
    File keyFile = DiskFormat.wrappedKeyFile(c.t);
    if (keystoreAes()) {
      isTrue(!keyFile.exists(), "no wrapped key on API 23+");
      return;
    }
    byte[] disk = c.disk();
    byte[] stored = Files.readAllBytes(keyFile.toPath());
    stored[0] ^= 1;
    Files.write(keyFile.toPath(), stored);
    restartProcess();
    IOException e = fails(IOException.class, c::read, "read with a damaged key file");
    eq("wrapped data key file is damaged", e.getMessage(), "reason");
    eq(disk, c.disk(), "the data file is left alone");
    eq(1, Events.count("keystore.generatePair"), "no new pair");
  }

  public static void keystoreUnavailableIsAnIOException() throws Exception {
    if (Build.VERSION.SDK_INT < 19) return; // below API 19 a policy with encryption fails closed: LevelCases
    FileCases c = new FileCases(FileCases.ENCRYPT);
    Security.removeProvider("AndroidKeyStore");
    IOException e = fails(IOException.class, () -> c.write(FileCases.text(3), false), "write without a Keystore");
    eq("data encryption key unavailable", e.getMessage(), "reason");
    isTrue(e.getCause() instanceof java.security.KeyStoreException, "cause kept: " + e.getCause());
  }

  public static void localeIsRestoredAfterKeyGeneration() throws Exception {
    if (Build.VERSION.SDK_INT < 19) return; // below API 19 a policy with encryption fails closed: LevelCases
    Locale saved = Locale.getDefault();
    Locale persian = new Locale("fa", "IR");
    try {
      FileCases c = new FileCases(FileCases.ENCRYPT);
      Locale.setDefault(persian);
      c.write(FileCases.text(3), false);
      eq(persian, Locale.getDefault(), "the app's default locale is back");
      if (!keystoreAes()) eq(Locale.US, FakeAndroidKeyStore.localeAtPairGeneration, "the pair was generated under Locale.US");
    } finally {
      Locale.setDefault(saved);
    }
  }
}
