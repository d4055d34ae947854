package android.net;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Fake ConnectivityManager: the test scripts the active network, its capabilities and link properties. */
public class ConnectivityManager {
  public Network active;
  public final Map<Network, NetworkCapabilities> capabilities = new HashMap<>();
  public final Map<Network, LinkProperties> links = new HashMap<>();
  public final List<NetworkCallback> callbacks = new ArrayList<>();

  public static class NetworkCallback {
    public void onAvailable(Network n) {}
    public void onLost(Network n) {}
    public void onCapabilitiesChanged(Network n, NetworkCapabilities c) {}
    public void onLinkPropertiesChanged(Network n, LinkProperties p) {}
  }

  public Network getActiveNetwork() { return active; }
  public NetworkCapabilities getNetworkCapabilities(Network n) { return capabilities.get(n); }
  public LinkProperties getLinkProperties(Network n) { return links.get(n); }
  public void registerDefaultNetworkCallback(NetworkCallback cb) { callbacks.add(cb); }
}
