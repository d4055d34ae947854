package android.security;

import android.content.Context;
import java.math.BigInteger;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Date;
import javax.security.auth.x500.X500Principal;

/** Fake KeyPairGeneratorSpec (API 18, setKeySize API 19): build() refuses a missing field as the platform does. */
public final class KeyPairGeneratorSpec implements AlgorithmParameterSpec {
  public final String alias;
  public final X500Principal subject;
  public final BigInteger serialNumber;
  public final Date startDate;
  public final Date endDate;
  public final int keySize;

  private KeyPairGeneratorSpec(Builder b) {
    alias = b.alias; subject = b.subject; serialNumber = b.serial; startDate = b.start; endDate = b.end; keySize = b.keySize;
  }

  public static final class Builder {
    private String alias;
    private X500Principal subject;
    private BigInteger serial;
    private Date start;
    private Date end;
    private int keySize = 2048;

    public Builder(Context context) {
      mamtest.Api.type(18, "android.security.KeyPairGeneratorSpec$Builder");
      if (context == null) throw new NullPointerException("context == null");
    }
    public Builder setAlias(String a) { alias = a; return this; }
    public Builder setSubject(X500Principal s) { subject = s; return this; }
    public Builder setSerialNumber(BigInteger s) { serial = s; return this; }
    public Builder setStartDate(Date d) { start = d; return this; }
    public Builder setEndDate(Date d) { end = d; return this; }
    public Builder setKeySize(int s) { mamtest.Api.method(19, "KeyPairGeneratorSpec.Builder.setKeySize"); keySize = s; return this; }

    public KeyPairGeneratorSpec build() {
      if (alias == null || subject == null || serial == null || start == null || end == null) {
        throw new IllegalArgumentException("alias, subject, serial number, start and end date are required");
      }
      return new KeyPairGeneratorSpec(this);
    }
  }
}
