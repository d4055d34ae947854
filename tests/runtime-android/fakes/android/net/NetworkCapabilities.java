package android.net;

import java.util.HashSet;
import java.util.Set;

public class NetworkCapabilities {
  public static final int NET_CAPABILITY_INTERNET = 12;
  public static final int NET_CAPABILITY_NOT_RESTRICTED = 13;
  public static final int NET_CAPABILITY_TRUSTED = 14;
  public static final int NET_CAPABILITY_NOT_VPN = 15;
  public static final int TRANSPORT_CELLULAR = 0;
  public static final int TRANSPORT_WIFI = 1;
  public static final int TRANSPORT_VPN = 4;
  private final Set<Integer> transports = new HashSet<>();
  public NetworkCapabilities(int... ts) { for (int t : ts) transports.add(t); }
  public boolean hasTransport(int t) { return transports.contains(t); }
}
