package android.net;

import java.util.HashSet;
import java.util.Set;

public class NetworkCapabilities {
  public static final int TRANSPORT_CELLULAR = 0;
  public static final int TRANSPORT_WIFI = 1;
  public static final int TRANSPORT_VPN = 4;
  private final Set<Integer> transports = new HashSet<>();
  public NetworkCapabilities(int... ts) { for (int t : ts) transports.add(t); }
  public boolean hasTransport(int t) { return transports.contains(t); }
}
