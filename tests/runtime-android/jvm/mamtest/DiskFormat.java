package mamtest;

import static mamtest.Check.eq;
import static mamtest.Check.isTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Independent readers of the runtime's on-disk formats, written from runtime-shims/android/README.md with
 * the JDK's AES-GCM and RSA and the keys the (fake) Android Keystore holds, not with the runtime's code.
 */
public final class DiskFormat {
  public static final String DATA_KEY_ALIAS = "mam-data-key";
  public static final String WRAP_KEY_ALIAS = "mam-wrap-key";

  /** Where the runtime keeps the wrapped key: Context.getNoBackupFilesDir() of the app. */
  public static File wrappedKeyFile(TestApp t) { return new File(t.dataDir, "no_backup/mam-data-key.wrapped"); }

  /** The data key: the Keystore AES key (API 23+), else the wrapped key file unwrapped with the Keystore RSA key. */
  public static SecretKey dataKey(TestApp t) throws Exception {
    SecretKey k = FakeAndroidKeyStore.keys.get(DATA_KEY_ALIAS);
    return k != null ? k : unwrap(Files.readAllBytes(wrappedKeyFile(t).toPath()));
  }

  /** "MAMKEY" | u16 version 1 | u16 length | RSA/ECB/PKCS1Padding ciphertext of the 32-byte AES key. */
  public static SecretKey unwrap(byte[] stored) throws Exception {
    ByteBuffer b = ByteBuffer.wrap(stored);
    byte[] magic = new byte[6];
    b.get(magic);
    eq("MAMKEY", new String(magic, StandardCharsets.US_ASCII), "wrapped key magic");
    eq((short) 1, b.getShort(), "wrapped key version");
    int n = b.getShort() & 0xffff;
    eq(stored.length - 10, n, "wrapped key length");
    Cipher rsa = Cipher.getInstance("RSA/ECB/PKCS1Padding");
    rsa.init(Cipher.DECRYPT_MODE, FakeAndroidKeyStore.privateKeys.get(WRAP_KEY_ALIAS));
    byte[] raw = rsa.doFinal(stored, 10, n);
    eq(32, raw.length, "AES-256 key");
    return new SecretKeySpec(raw, "AES");
  }

  /** Header "MAMENC" u16 1 u32 chunk u32 0; chunks nonce(12)|ct|tag(16); AAD header|u32 index|u8 final. */
  public static byte[] decode(byte[] disk, SecretKey key) throws Exception {
    ByteBuffer h = ByteBuffer.wrap(disk, 0, 16);
    byte[] magic = new byte[6];
    h.get(magic);
    eq("MAMENC", new String(magic, StandardCharsets.US_ASCII), "magic");
    eq((short) 1, h.getShort(), "version");
    int chunk = h.getInt();
    eq(0, h.getInt(), "reserved");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int pos = 16;
    for (int index = 0; pos < disk.length; index++) {
      int size = Math.min(chunk + 28, disk.length - pos);
      boolean last = pos + size == disk.length;
      byte[] nonce = Arrays.copyOfRange(disk, pos, pos + 12);
      eq(index, ByteBuffer.wrap(nonce, 8, 4).getInt(), "nonce ends with the chunk index");
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, nonce));
      c.updateAAD(ByteBuffer.allocate(21).put(disk, 0, 16).putInt(index).put((byte) (last ? 1 : 0)).array());
      byte[] plain = c.doFinal(disk, pos + 12, size - 12);
      isTrue(last || plain.length == chunk, "non-final chunks are full");
      out.write(plain);
      pos += size;
    }
    return out.toByteArray();
  }
}
