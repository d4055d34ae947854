package mamtest;

import android.security.KeyPairGeneratorSpec;
import android.security.keystore.KeyGenParameterSpec;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.InvalidAlgorithmParameterException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyPairGeneratorSpi;
import java.security.KeyStoreSpi;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Collections;
import java.util.Date;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import javax.crypto.KeyGenerator;
import javax.crypto.KeyGeneratorSpi;
import javax.crypto.SecretKey;

/**
 * Fake of the "AndroidKeyStore" JCA provider, backed by real JDK keys. KeyGenerator.AES (API 23) accepts
 * only a KeyGenParameterSpec, as the platform does; KeyPairGenerator.RSA accepts a KeyPairGeneratorSpec
 * (API 18) and keeps the private key with a certificate carrying the public key; KeyStore returns them.
 */
public final class FakeAndroidKeyStore extends Provider {
  public static final Map<String, SecretKey> keys = new HashMap<>();
  public static final Map<String, PrivateKey> privateKeys = new HashMap<>();
  public static final Map<String, Certificate> certificates = new HashMap<>();
  public static KeyGenParameterSpec lastSpec;
  public static KeyPairGeneratorSpec lastPairSpec;
  public static Locale localeAtPairGeneration;

  public FakeAndroidKeyStore() {
    super("AndroidKeyStore", "1.0", "fake AndroidKeyStore for JVM tests");
    put("KeyStore.AndroidKeyStore", Store.class.getName());
    put("KeyGenerator.AES", Generator.class.getName());
    put("KeyPairGenerator.RSA", PairGenerator.class.getName());
  }

  /** Replaces any provider of that name installed by an earlier test case's class loader. */
  public static void install() {
    Security.removeProvider("AndroidKeyStore");
    Security.addProvider(new FakeAndroidKeyStore());
  }

  public static final class Generator extends KeyGeneratorSpi {
    private KeyGenParameterSpec spec;
    public Generator() { Api.type(23, "AndroidKeyStore KeyGenerator.AES"); }
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

  public static final class PairGenerator extends KeyPairGeneratorSpi {
    private KeyPairGeneratorSpec spec;
    @Override public void initialize(int size, SecureRandom r) { throw new IllegalStateException("AndroidKeyStore needs a KeyPairGeneratorSpec"); }
    @Override public void initialize(AlgorithmParameterSpec p, SecureRandom r) throws InvalidAlgorithmParameterException {
      if (!(p instanceof KeyPairGeneratorSpec)) throw new InvalidAlgorithmParameterException("not a KeyPairGeneratorSpec");
      spec = (KeyPairGeneratorSpec) p;
    }
    @Override public KeyPair generateKeyPair() {
      try {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA", "SunRsaSign");
        g.initialize(spec.keySize);
        KeyPair kp = g.generateKeyPair();
        privateKeys.put(spec.alias, kp.getPrivate());
        certificates.put(spec.alias, new FakeCertificate(kp.getPublic()));
        lastPairSpec = spec;
        localeAtPairGeneration = Locale.getDefault();
        Events.log("keystore.generatePair " + spec.alias);
        return kp;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** The self-signed certificate the platform stores with a generated pair, reduced to its public key. */
  static final class FakeCertificate extends Certificate {
    private final PublicKey publicKey;
    FakeCertificate(PublicKey k) { super("X.509"); publicKey = k; }
    @Override public byte[] getEncoded() { return publicKey.getEncoded(); }
    @Override public void verify(PublicKey k) {}
    @Override public void verify(PublicKey k, String provider) {}
    @Override public String toString() { return "FakeCertificate"; }
    @Override public PublicKey getPublicKey() { return publicKey; }
  }

  private static TreeSet<String> aliases() {
    TreeSet<String> all = new TreeSet<>(keys.keySet());
    all.addAll(privateKeys.keySet());
    return all;
  }

  public static final class Store extends KeyStoreSpi {
    @Override public Key engineGetKey(String alias, char[] pw) { return keys.containsKey(alias) ? keys.get(alias) : privateKeys.get(alias); }
    @Override public Certificate[] engineGetCertificateChain(String alias) { Certificate c = certificates.get(alias); return c == null ? null : new Certificate[] {c}; }
    @Override public Certificate engineGetCertificate(String alias) { return certificates.get(alias); }
    @Override public Date engineGetCreationDate(String alias) { return null; }
    @Override public void engineSetKeyEntry(String a, Key k, char[] pw, Certificate[] c) { throw new UnsupportedOperationException(); }
    @Override public void engineSetKeyEntry(String a, byte[] k, Certificate[] c) { throw new UnsupportedOperationException(); }
    @Override public void engineSetCertificateEntry(String a, Certificate c) { throw new UnsupportedOperationException(); }
    @Override public void engineDeleteEntry(String a) { keys.remove(a); privateKeys.remove(a); certificates.remove(a); }
    @Override public Enumeration<String> engineAliases() { return Collections.enumeration(aliases()); }
    @Override public boolean engineContainsAlias(String a) { return aliases().contains(a); }
    @Override public int engineSize() { return aliases().size(); }
    @Override public boolean engineIsKeyEntry(String a) { return aliases().contains(a); }
    @Override public boolean engineIsCertificateEntry(String a) { return false; }
    @Override public String engineGetCertificateAlias(Certificate c) { return null; }
    @Override public void engineStore(OutputStream o, char[] pw) { throw new UnsupportedOperationException(); }
    @Override public void engineLoad(InputStream i, char[] pw) {}
  }
}
