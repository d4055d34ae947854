package android.net.wifi;

public class WifiInfo {
  private final String ssid;
  public WifiInfo(String ssid) { this.ssid = ssid; }
  public String getSSID() { return ssid; }
}
