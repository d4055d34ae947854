package android.security.keystore;

import java.security.spec.AlgorithmParameterSpec;
import mamtest.Api;

/** Fake KeyGenParameterSpec (API 23): keeps what the builder was given so the fake keystore can check it. */
public final class KeyGenParameterSpec implements AlgorithmParameterSpec {
  public final String alias;
  public final int purposes;
  public final String[] blockModes;
  public final String[] paddings;
  public final int keySize;
  public final boolean randomizedEncryptionRequired;

  private KeyGenParameterSpec(Builder b) {
    alias = b.alias; purposes = b.purposes; blockModes = b.blockModes; paddings = b.paddings;
    keySize = b.keySize; randomizedEncryptionRequired = b.randomized;
  }

  public static final class Builder {
    private final String alias;
    private final int purposes;
    private String[] blockModes = new String[0];
    private String[] paddings = new String[0];
    private int keySize = -1;
    private boolean randomized = true;
    public Builder(String alias, int purposes) {
      Api.type(23, "android.security.keystore.KeyGenParameterSpec$Builder");
      this.alias = alias;
      this.purposes = purposes;
    }
    public Builder setBlockModes(String... m) { blockModes = m; return this; }
    public Builder setEncryptionPaddings(String... p) { paddings = p; return this; }
    public Builder setKeySize(int s) { keySize = s; return this; }
    public Builder setRandomizedEncryptionRequired(boolean r) { randomized = r; return this; }
    public KeyGenParameterSpec build() { return new KeyGenParameterSpec(this); }
  }
}
