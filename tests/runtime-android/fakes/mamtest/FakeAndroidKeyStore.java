package mamtest;

import android.security.keystore.KeyGenParameterSpec;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.InvalidAlgorithmParameterException;
import java.security.Key;
import java.security.KeyStoreSpi;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Collections;
import java.util.Date;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.KeyGenerator;
import javax.crypto.KeyGeneratorSpi;
import javax.crypto.SecretKey;

/**
 * Fake of the "AndroidKeyStore" JCA provider: KeyGenerator.AES accepts only a KeyGenParameterSpec
 * (as the platform does) and keeps the generated (real, JDK) AES key under its alias; KeyStore returns it.
 */
public final class FakeAndroidKeyStore extends Provider {
  public static final Map<String, SecretKey> keys = new HashMap<>();
  public static KeyGenParameterSpec lastSpec;

  public FakeAndroidKeyStore() {
    super("AndroidKeyStore", "1.0", "fake AndroidKeyStore for JVM tests");
    put("KeyStore.AndroidKeyStore", Store.class.getName());
    put("KeyGenerator.AES", Generator.class.getName());
  }

  /** Replaces any provider of that name installed by an earlier test case's class loader. */
  public static void install() {
    Security.removeProvider("AndroidKeyStore");
    Security.addProvider(new FakeAndroidKeyStore());
  }

  public static final class Generator extends KeyGeneratorSpi {
    private KeyGenParameterSpec spec;
    @Override protected void engineInit(SecureRandom r) { throw new IllegalStateException("AndroidKeyStore needs a KeyGenParameterSpec"); }
    @Override protected void engineInit(int size, SecureRandom r) { throw new IllegalStateException("AndroidKeyStore needs a KeyGenParameterSpec"); }
    @Override protected void engineInit(AlgorithmParameterSpec p, SecureRandom r) throws InvalidAlgorithmParameterException {
      if (!(p instanceof KeyGenParameterSpec)) throw new InvalidAlgorithmParameterException("not a KeyGenParameterSpec");
      spec = (KeyGenParameterSpec) p;
    }
    @Override protected SecretKey engineGenerateKey() {
      try {
        KeyGenerator g = KeyGenerator.getInstance("AES", "SunJCE");
        g.init(spec.keySize);
        SecretKey k = g.generateKey();
        keys.put(spec.alias, k);
        lastSpec = spec;
        Events.log("keystore.generate " + spec.alias);
        return k;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  public static final class Store extends KeyStoreSpi {
    @Override public Key engineGetKey(String alias, char[] pw) { return keys.get(alias); }
    @Override public Certificate[] engineGetCertificateChain(String alias) { return null; }
    @Override public Certificate engineGetCertificate(String alias) { return null; }
    @Override public Date engineGetCreationDate(String alias) { return null; }
    @Override public void engineSetKeyEntry(String a, Key k, char[] pw, Certificate[] c) { throw new UnsupportedOperationException(); }
    @Override public void engineSetKeyEntry(String a, byte[] k, Certificate[] c) { throw new UnsupportedOperationException(); }
    @Override public void engineSetCertificateEntry(String a, Certificate c) { throw new UnsupportedOperationException(); }
    @Override public void engineDeleteEntry(String a) { keys.remove(a); }
    @Override public Enumeration<String> engineAliases() { return Collections.enumeration(keys.keySet()); }
    @Override public boolean engineContainsAlias(String a) { return keys.containsKey(a); }
    @Override public int engineSize() { return keys.size(); }
    @Override public boolean engineIsKeyEntry(String a) { return keys.containsKey(a); }
    @Override public boolean engineIsCertificateEntry(String a) { return false; }
    @Override public String engineGetCertificateAlias(Certificate c) { return null; }
    @Override public void engineStore(OutputStream o, char[] pw) { throw new UnsupportedOperationException(); }
    @Override public void engineLoad(InputStream i, char[] pw) {}
  }
}
