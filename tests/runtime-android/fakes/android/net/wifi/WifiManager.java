package android.net.wifi;

public class WifiManager {
  public WifiInfo info;
  public WifiInfo getConnectionInfo() { return info; }
}
