package android.net;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mamtest.Api;
import mamtest.Events;

/**
 * Fake ConnectivityManager: the test scripts the active network, its capabilities and link properties;
 * each method exists from its platform level on (AOSP API database) and fails below it (mamtest.Api).
 * Connected networks: the active one, plus every non-VPN network when the active one is a VPN (the VPN
 * runs over them). The active NetworkInfo names the active network unless `activeInfoNetwork` says otherwise.
 */
public class ConnectivityManager {
  public static final int TYPE_MOBILE = 0;
  public static final int TYPE_WIFI = 1;
  public static final int TYPE_VPN = 17;

  public Network active;
  public Network activeInfoNetwork;
  public final Map<Network, NetworkCapabilities> capabilities = new LinkedHashMap<>();
  public final Map<Network, LinkProperties> links = new LinkedHashMap<>();
  public final List<NetworkCallback> callbacks = new ArrayList<>();
  public NetworkRequest lastRequest;

  public static class NetworkCallback {
    public void onAvailable(Network n) {}
    public void onLost(Network n) {}
    public void onCapabilitiesChanged(Network n, NetworkCapabilities c) {}
    public void onLinkPropertiesChanged(Network n, LinkProperties p) {}
  }

  public Network getActiveNetwork() {
    Api.method(23, "ConnectivityManager.getActiveNetwork");
    return active;
  }

  public NetworkInfo getActiveNetworkInfo() {
    Network n = activeInfoNetwork != null ? activeInfoNetwork : active;
    return n == null ? null : new NetworkInfo(typeOf(n));
  }

  public Network[] getAllNetworks() {
    Api.method(21, "ConnectivityManager.getAllNetworks");
    List<Network> out = new ArrayList<>();
    if (active != null && isVpn(active)) for (Network n : capabilities.keySet()) if (!isVpn(n)) out.add(n);
    if (active != null) out.add(active);
    return out.toArray(new Network[0]);
  }

  public NetworkInfo getNetworkInfo(Network n) {
    Api.method(21, "ConnectivityManager.getNetworkInfo(Network)");
    return new NetworkInfo(typeOf(n));
  }

  public NetworkCapabilities getNetworkCapabilities(Network n) {
    Api.method(21, "ConnectivityManager.getNetworkCapabilities");
    return capabilities.get(n);
  }

  public LinkProperties getLinkProperties(Network n) {
    Api.method(21, "ConnectivityManager.getLinkProperties(Network)");
    return links.get(n);
  }

  public void registerDefaultNetworkCallback(NetworkCallback cb) {
    Api.method(24, "ConnectivityManager.registerDefaultNetworkCallback");
    Events.log("cm.registerDefaultNetworkCallback");
    callbacks.add(cb);
  }

  public void registerNetworkCallback(NetworkRequest request, NetworkCallback cb) {
    Api.method(21, "ConnectivityManager.registerNetworkCallback");
    Events.log("cm.registerNetworkCallback");
    lastRequest = request;
    callbacks.add(cb);
  }

  private boolean isVpn(Network n) {
    NetworkCapabilities c = capabilities.get(n);
    return c != null && c.hasTransport(NetworkCapabilities.TRANSPORT_VPN);
  }

  private int typeOf(Network n) {
    NetworkCapabilities c = capabilities.get(n);
    if (c == null) return -1;
    if (c.hasTransport(NetworkCapabilities.TRANSPORT_VPN)) return TYPE_VPN;
    return c.hasTransport(NetworkCapabilities.TRANSPORT_WIFI) ? TYPE_WIFI : TYPE_MOBILE;
  }
}
