package cases;

import android.os.Build;
import static mamtest.Check.eq;
import static mamtest.Check.fails;
import static mamtest.Check.isTrue;

import com.mam.runtime.FileHooks;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import mamtest.DiskFormat;
import mamtest.Events;
import mamtest.FakeAndroidKeyStore;
import mamtest.TestApp;

/**
 * Encryption at rest through the FileOutputStream/FileInputStream factories. The on-disk bytes are
 * checked with an independent decoder of the format documented in runtime-shims/android/README.md
 * (mamtest.DiskFormat), using the JDK's AES-GCM and the key the (fake) Android Keystore holds.
 */
public final class FileCases {
  static final String ENCRYPT = "{\"dataAtRest\":{\"encrypt\":true},\"schemaVersion\":1}";
  static final int CHUNK = 16;

  final TestApp t;
  final File file;

  FileCases(String policy) throws Exception {
    FakeAndroidKeyStore.install();
    FileHooks.sChunkSize = CHUNK;
    t = TestApp.wrapped(policy);
    t.start();
    file = new File(t.dataDir, "files/notes.txt");
  }

  static byte[] text(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) b[i] = (byte) ('a' + i % 26);
    return b;
  }

  void write(byte[] data, boolean append) throws IOException {
    try (OutputStream o = FileHooks.newFileOutputStream(file, append)) { o.write(data); }
  }

  byte[] read() throws IOException { return readAll(FileHooks.newFileInputStream(file)); }

  static byte[] readAll(InputStream in) throws IOException {
    try (InputStream i = in) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[7];
      for (int n; (n = i.read(buf)) > 0; ) out.write(buf, 0, n);
      return out.toByteArray();
    }
  }

  byte[] decode(byte[] disk) throws Exception { return DiskFormat.decode(disk, DiskFormat.dataKey(t)); }

  byte[] disk() throws IOException { return Files.readAllBytes(file.toPath()); }

  public static void roundTripEncryptsOnDisk() throws Exception {
    if (Build.VERSION.SDK_INT < 19) return; // below API 19 a policy with encryption fails closed: LevelCases
    FileCases c = new FileCases(ENCRYPT);
    byte[] data = text(100);
    c.write(data, false);
    byte[] disk = c.disk();
    eq(16 + 7 * 28 + 100, disk.length, "header + 7 chunks of 16 bytes (the last 4) with nonce and tag");
    isTrue(!new String(disk, StandardCharsets.ISO_8859_1).contains("abcdefgh"), "plaintext not on disk");
    eq(data, c.decode(disk), "independent decoder recovers the plaintext");
    eq(data, c.read(), "read back through the hook");
    KeyCases.assertOneKeyGenerated(c.t, KeyCases.keystoreAes());
  }

  public static void exactMultipleAndEmptyFilesRoundTrip() throws Exception {
    if (Build.VERSION.SDK_INT < 19) return; // below API 19 a policy with encryption fails closed: LevelCases
    FileCases c = new FileCases(ENCRYPT);
    c.write(text(32), false);
    eq(16 + 2 * (16 + 28), c.disk().length, "two full chunks, the second final");
    eq(text(32), c.read(), "32 bytes back");
    c.write(new byte[0], false);
    eq(16 + 28, c.disk().length, "an empty file is a header and one empty final chunk");
    eq(0, c.read().length, "empty back");
  }

  public static void singleByteWritesAndReadsWork() throws Exception {
    if (Build.VERSION.SDK_INT < 19) return; // below API 19 a policy with encryption fails closed: LevelCases
    FileCases c = new FileCases(ENCRYPT);
    try (OutputStream o = FileHooks.newFileOutputStream(c.file.getPath())) { for (byte b : text(40)) o.write(b); }
    try (InputStream in = FileHooks.newFileInputStream(c.file.getPath())) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (int b; (b = in.read()) >= 0; ) out.write(b);
      eq(text(40), out.toByteArray(), "byte by byte");
    }
    try (InputStream in = FileHooks.newFileInputStream(c.file)) {
      eq(30L, in.skip(30), "skip");
      eq(Arrays.copyOfRange(text(40), 30, 40), readAll(in), "after skip");
    }
  }

  public static void tamperedChunkIsRejected() throws Exception {
    if (Build.VERSION.SDK_INT < 19) return; // below API 19 a policy with encryption fails closed: LevelCases
    FileCases c = new FileCases(ENCRYPT);
    c.write(text(100), false);
    byte[] disk = c.disk();
    disk[16 + 44 + 20] ^= 1; // a ciphertext byte of chunk 1
    Files.write(c.file.toPath(), disk);
    IOException e = fails(IOException.class, c::read, "read of a tampered file");
    isTrue(e.getMessage().contains("failed authentication"), "reason: " + e.getMessage());
  }

  public static void truncationAtAChunkBoundaryIsRejected() throws Exception {
    if (Build.VERSION.SDK_INT < 19) return; // below API 19 a policy with encryption fails closed: LevelCases
    FileCases c = new FileCases(ENCRYPT);
    c.write(text(100), false);
    Files.write(c.file.toPath(), Arrays.copyOf(c.disk(), 16 + 3 * 44));
    fails(IOException.class, c::read, "read of a file cut after chunk 2");
  }

  public static void reorderedChunksAreRejected() throws Exception {
    if (Build.VERSION.SDK_INT < 19) return; // below API 19 a policy with encryption fails closed: LevelCases
    FileCases c = new FileCases(ENCRYPT);
    c.write(text(100), false);
    byte[] disk = c.disk();
    byte[] swapped = disk.clone();
    System.arraycopy(disk, 16, swapped, 16 + 44, 44);
    System.arraycopy(disk, 16 + 44, swapped, 16, 44);
    Files.write(c.file.toPath(), swapped);
    fails(IOException.class, c::read, "read of a file with chunks 0 and 1 swapped");
  }

  public static void plaintextFromBeforeWrappingIsReadThenEncryptedOnWrite() throws Exception {
    if (Build.VERSION.SDK_INT < 19) return; // below API 19 a policy with encryption fails closed: LevelCases
    FileCases c = new FileCases(ENCRYPT);
    Files.write(c.file.toPath(), "written before wrapping".getBytes(StandardCharsets.UTF_8));
    eq("written before wrapping", new String(c.read(), StandardCharsets.UTF_8), "plaintext read as is");
    c.write(" + more".getBytes(StandardCharsets.UTF_8), true);
    byte[] disk = c.disk();
    eq("MAMENC", new String(disk, 0, 6, StandardCharsets.US_ASCII), "now encrypted");
    eq("written before wrapping + more", new String(c.decode(disk), StandardCharsets.UTF_8), "old and new content, encrypted");
    eq("written before wrapping + more", new String(c.read(), StandardCharsets.UTF_8), "read back");
  }

  public static void appendContinuesTheLastChunk() throws Exception {
    if (Build.VERSION.SDK_INT < 19) return; // below API 19 a policy with encryption fails closed: LevelCases
    FileCases c = new FileCases(ENCRYPT);
    c.write(text(20), false);
    c.write(Arrays.copyOfRange(text(45), 20, 33), true);
    c.write(Arrays.copyOfRange(text(45), 33, 45), true);
    byte[] disk = c.disk();
    eq(16 + 3 * 28 + 45, disk.length, "45 bytes in 3 chunks, no stale partial chunk left");
    eq(text(45), c.decode(disk), "independent decoder");
    eq(text(45), c.read(), "read back");
  }

  public static void appendAfterExactChunkBoundary() throws Exception {
    if (Build.VERSION.SDK_INT < 19) return; // below API 19 a policy with encryption fails closed: LevelCases
    FileCases c = new FileCases(ENCRYPT);
    c.write(text(16), false);
    c.write(Arrays.copyOfRange(text(20), 16, 20), true);
    eq(text(20), c.decode(c.disk()), "a full final chunk becomes non-final");
  }

  public static void rewritingTheSameChunkUsesAFreshNonce() throws Exception {
    if (Build.VERSION.SDK_INT < 19) return; // below API 19 a policy with encryption fails closed: LevelCases
    FileCases c = new FileCases(ENCRYPT);
    c.write(text(5), false);
    byte[] first = Arrays.copyOfRange(c.disk(), 16, 28);
    c.write(text(6), true);
    byte[] second = Arrays.copyOfRange(c.disk(), 16, 28);
    isTrue(!Arrays.equals(first, second), "the re-sealed chunk 0 has a new nonce");
  }

  public static void filesOutsideAppDataPassThrough() throws Exception {
    FileCases c = new FileCases(ENCRYPT);
    File outside = new File(c.t.root, "sdcard/Download/public.txt");
    outside.getParentFile().mkdirs();
    try (FileOutputStream o = FileHooks.newFileOutputStream(outside.getPath(), false)) { o.write(text(10)); }
    eq(text(10), Files.readAllBytes(outside.toPath()), "plaintext outside the data dirs");
    try (FileInputStream in = FileHooks.newFileInputStream(outside)) { eq(text(10), readAll(in), "read plain"); }
    File sibling = new File(c.t.dataDir.getPath() + "2", "x");
    sibling.getParentFile().mkdirs();
    FileHooks.newFileOutputStream(sibling).close();
    eq(0L, sibling.length(), "a sibling directory sharing the prefix is outside");
  }

  public static void externalDataDirIsEncrypted() throws Exception {
    if (Build.VERSION.SDK_INT < 19) return; // below API 19 a policy with encryption fails closed: LevelCases
    FileCases c = new FileCases(ENCRYPT);
    File f = new File(c.t.externalDir, "files/photo.jpg");
    try (OutputStream o = FileHooks.newFileOutputStream(f)) { o.write(text(10)); }
    eq("MAMENC", new String(Files.readAllBytes(f.toPath()), 0, 6, StandardCharsets.US_ASCII), "encrypted");
  }

  public static void encryptionOffWritesPlaintext() throws Exception {
    FileCases c = new FileCases("{\"schemaVersion\":1}");
    c.write(text(10), false);
    eq(text(10), c.disk(), "plaintext in the data dir");
    eq(0, Events.count("keystore"), "no key needed");
  }

  public static void appDataPathChecks() {
    String[] dirs = {"/data/user/0/com.example.app", "/storage/emulated/0/Android/data/com.example.app/"};
    isTrue(FileHooks.isInsideAppData("/data/user/0/com.example.app/files/a", dirs), "inside");
    isTrue(FileHooks.isInsideAppData("/data/user/0/com.example.app", dirs), "the dir itself");
    isTrue(FileHooks.isInsideAppData("/storage/emulated/0/Android/data/com.example.app/files/b", dirs), "inside a dir given with a trailing slash");
    isTrue(!FileHooks.isInsideAppData("/data/user/0/com.example.app2/files/a", dirs), "sibling package");
    isTrue(!FileHooks.isInsideAppData("/sdcard/Download/a", dirs), "shared storage");
  }
}
