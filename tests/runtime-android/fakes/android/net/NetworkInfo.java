package android.net;

/** Fake NetworkInfo (API 1): the legacy network type. */
public class NetworkInfo {
  private final int type;
  public NetworkInfo(int type) { this.type = type; }
  public int getType() { return type; }
  public boolean isConnected() { return true; }
}
