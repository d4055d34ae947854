package cases;

import static mamtest.Check.eq;
import static mamtest.Check.fails;
import static mamtest.Check.isTrue;

import android.app.Activity;
import android.net.ConnectivityManager;
import android.net.LinkAddress;
import android.net.LinkProperties;
import android.net.Network;
import android.net.NetworkCapabilities;
import android.os.Build;
import android.net.wifi.WifiInfo;
import android.net.wifi.WifiManager;
import com.mam.runtime.BlockingScreen;
import com.mam.runtime.Cidr;
import com.mam.runtime.NetworkHooks;
import com.mam.runtime.VpnMonitor;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.net.URLConnection;
import mamtest.Events;
import mamtest.TestApp;

/**
 * Forced VPN: the pure requirement, the blocking screen and its lifting, and socket/URL refusal. The
 * Runner runs every case at API 15-24 and the newest level; the fake ConnectivityManager refuses calls its
 * level does not have, so the same scenarios prove the API 21-23 branches (mamtest.Api). Cases that script
 * networks through ConnectivityManager return at once below 21, where LevelCases covers the legacy check.
 */
public final class VpnCases {
  static final String ALWAYS = "{\"schemaVersion\":1,\"vpn\":{\"mode\":\"always\"}}";
  static final String OUTSIDE = "{\"schemaVersion\":1,\"vpn\":{\"allowedNetworks\":[{\"ssid\":\"CorpWiFi\"},{\"cidr\":\"10.0.0.0/8\"},{\"cidr\":\"fd00::/8\"}],\"mode\":\"outsideAllowedNetworks\"}}";
  static final String[] SSIDS = {"CorpWiFi"};
  static final String[] CIDRS = {"10.0.0.0/8", "fd00::/8"};
  static final String[] NONE = {};

  final TestApp t;
  final ConnectivityManager cm = new ConnectivityManager();
  final WifiManager wifi = new WifiManager();
  final Network wlan = new Network("wlan0");
  final Network vpn = new Network("tun0");

  VpnCases(String policy) throws Exception {
    t = TestApp.wrapped(policy);
    t.app.services.put("connectivity", cm);
    t.app.services.put("wifi", wifi);
    cm.capabilities.put(wlan, new NetworkCapabilities(NetworkCapabilities.TRANSPORT_WIFI));
    cm.capabilities.put(vpn, new NetworkCapabilities(NetworkCapabilities.TRANSPORT_WIFI, NetworkCapabilities.TRANSPORT_VPN));
    LinkProperties lp = new LinkProperties();
    lp.addresses.add(new LinkAddress(InetAddress.getByName("192.168.1.20")));
    cm.links.put(wlan, lp);
  }

  void onWifi(String ssid, String address) throws Exception {
    cm.active = wlan;
    wifi.info = new WifiInfo(ssid);
    LinkProperties lp = new LinkProperties();
    lp.addresses.add(new LinkAddress(InetAddress.getByName(address)));
    cm.links.put(wlan, lp);
  }

  void networkChanged() { for (ConnectivityManager.NetworkCallback cb : cm.callbacks) cb.onAvailable(cm.active); }

  public static void requirementTruthTable() {
    isTrue(VpnMonitor.isRequirementMet("off", false, null, NONE, NONE, NONE), "off");
    isTrue(VpnMonitor.isRequirementMet("always", true, null, NONE, NONE, NONE), "always + VPN");
    isTrue(!VpnMonitor.isRequirementMet("always", false, "\"CorpWiFi\"", new String[] {"10.1.2.3"}, SSIDS, CIDRS), "always without VPN, even on an allowed network");
    isTrue(VpnMonitor.isRequirementMet("outsideAllowedNetworks", false, "\"CorpWiFi\"", NONE, SSIDS, CIDRS), "allowed SSID (quoted by WifiInfo)");
    isTrue(VpnMonitor.isRequirementMet("outsideAllowedNetworks", false, "CorpWiFi", NONE, SSIDS, CIDRS), "allowed SSID (unquoted)");
    isTrue(!VpnMonitor.isRequirementMet("outsideAllowedNetworks", false, "\"CafeWiFi\"", new String[] {"192.168.1.2"}, SSIDS, CIDRS), "other network");
    isTrue(VpnMonitor.isRequirementMet("outsideAllowedNetworks", false, "<unknown ssid>", new String[] {"192.168.1.2", "10.200.0.7"}, SSIDS, CIDRS), "address inside an allowed CIDR");
    isTrue(VpnMonitor.isRequirementMet("outsideAllowedNetworks", false, null, new String[] {"fd12:3456::1%wlan0"}, SSIDS, CIDRS), "IPv6 address inside an allowed prefix");
    isTrue(VpnMonitor.isRequirementMet("outsideAllowedNetworks", true, null, NONE, SSIDS, CIDRS), "VPN up");
    isTrue(!VpnMonitor.isRequirementMet("sometimes", false, null, NONE, SSIDS, CIDRS), "unknown mode fails closed");
  }

  public static void cidrMatchingIsBitExact() {
    isTrue(Cidr.contains("10.0.0.0/8", "10.255.255.255"), "last address of a /8");
    isTrue(!Cidr.contains("10.0.0.0/8", "11.0.0.0"), "next /8");
    isTrue(Cidr.contains("192.168.4.0/22", "192.168.7.1") && !Cidr.contains("192.168.4.0/22", "192.168.8.1"), "/22 boundary");
    isTrue(Cidr.contains("0.0.0.0/0", "8.8.8.8"), "/0");
    isTrue(!Cidr.contains("10.0.0.0/8", "fd00::1"), "family mismatch");
    isTrue(!Cidr.contains("10.0.0.0/33", "10.0.0.1"), "prefix longer than the address");
    isTrue(!Cidr.contains("example.com/8", "10.0.0.1"), "host names are never resolved");
  }

  public static void vpnUpLetsTheAppRun() throws Exception {
    if (Build.VERSION.SDK_INT < 21) return; // below API 21 the VPN check reads the interfaces, not ConnectivityManager: LevelCases
    VpnCases c = new VpnCases(ALWAYS);
    c.cm.active = c.vpn;
    c.t.start();
    eq(1, c.cm.callbacks.size(), "default network callback registered");
    Activity a = c.t.launch("Main");
    eq(null, TestApp.blockingText(a), "no blocking screen");
  }

  public static void vpnDownBlocksUntilItComesUp() throws Exception {
    if (Build.VERSION.SDK_INT < 21) return; // below API 21 the VPN check reads the interfaces, not ConnectivityManager: LevelCases
    VpnCases c = new VpnCases(ALWAYS);
    c.onWifi("\"CafeWiFi\"", "192.168.1.20");
    c.t.start();
    Activity a = c.t.launch("Main");
    String shown = TestApp.blockingText(a);
    isTrue(shown != null && shown.contains("a VPN connection is required"), "blocking screen: " + shown);
    isTrue(!a.finished, "a VPN block does not finish activities");
    c.cm.active = c.vpn;
    c.networkChanged();
    eq(false, BlockingScreen.sBlocked, "block lifted");
    eq(1, a.recreated, "activity recreated to restore its UI");
    c.cm.active = c.wlan;
    c.networkChanged();
    isTrue(BlockingScreen.sBlocked, "blocked again when the VPN drops");
  }

  public static void resumeRechecksTheRequirement() throws Exception {
    if (Build.VERSION.SDK_INT < 21) return; // below API 21 the VPN check reads the interfaces, not ConnectivityManager: LevelCases
    VpnCases c = new VpnCases(ALWAYS);
    c.cm.active = c.vpn;
    c.t.start();
    Activity a = c.t.launch("Main");
    c.cm.active = c.wlan; // dropped while in the background, no callback delivered
    c.t.resume(a);
    isTrue(TestApp.blockingText(a) != null, "blocking screen on resume");
  }

  public static void allowedSsidNeedsNoVpn() throws Exception {
    if (Build.VERSION.SDK_INT < 21) return; // below API 21 the VPN check reads the interfaces, not ConnectivityManager: LevelCases
    VpnCases c = new VpnCases(OUTSIDE);
    c.onWifi("\"CorpWiFi\"", "192.168.1.20");
    c.t.start();
    eq(null, TestApp.blockingText(c.t.launch("Main")), "not blocked on CorpWiFi");
    c.onWifi("\"CafeWiFi\"", "192.168.1.20");
    c.networkChanged();
    isTrue(BlockingScreen.sBlocked, "blocked on another WiFi");
  }

  public static void allowedAddressRangeNeedsNoVpn() throws Exception {
    VpnCases c = new VpnCases(OUTSIDE);
    c.onWifi("<unknown ssid>", "10.20.30.40");
    c.t.start();
    eq(false, BlockingScreen.sBlocked, "not blocked inside 10.0.0.0/8");
  }

  public static void socketConnectRefusedWhileVpnDown() throws Exception {
    if (Build.VERSION.SDK_INT < 21) return; // below API 21 the VPN check reads the interfaces, not ConnectivityManager: LevelCases
    VpnCases c = new VpnCases(ALWAYS);
    c.onWifi("\"CafeWiFi\"", "192.168.1.20");
    c.t.start();
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()); Socket s = new Socket()) {
      server.setSoTimeout(300);
      InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
      ConnectException e = fails(ConnectException.class, () -> NetworkHooks.connect(s, target), "connect refused");
      isTrue(e.getMessage().contains("VPN"), "reason given");
      fails(ConnectException.class, () -> NetworkHooks.connect(s, target, 500), "connect with timeout refused");
      isTrue(!s.isConnected(), "socket never connected");
      fails(java.net.SocketTimeoutException.class, server::accept, "the server saw no connection");
    }
  }

  public static void socketConnectAllowedWithVpn() throws Exception {
    if (Build.VERSION.SDK_INT < 21) return; // below API 21 the VPN check reads the interfaces, not ConnectivityManager: LevelCases
    VpnCases c = new VpnCases(ALWAYS);
    c.cm.active = c.vpn;
    c.t.start();
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()); Socket s = new Socket()) {
      NetworkHooks.connect(s, new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 1000);
      isTrue(s.isConnected(), "connected");
      server.accept().close();
    }
  }

  public static void urlOpenConnectionFollowsTheRequirement() throws Exception {
    if (Build.VERSION.SDK_INT < 21) return; // below API 21 the VPN check reads the interfaces, not ConnectivityManager: LevelCases
    VpnCases c = new VpnCases(ALWAYS);
    c.onWifi("\"CafeWiFi\"", "192.168.1.20");
    c.t.start();
    URL url = new URL("http://127.0.0.1:9/");
    fails(ConnectException.class, () -> NetworkHooks.openConnection(url), "openConnection refused");
    fails(ConnectException.class, () -> NetworkHooks.openConnection(url, java.net.Proxy.NO_PROXY), "openConnection(proxy) refused");
    c.cm.active = c.vpn;
    URLConnection conn = NetworkHooks.openConnection(url);
    isTrue(conn instanceof HttpURLConnection, "framework connection returned once the VPN is up");
  }

  public static void noVpnPolicyLeavesTheNetworkAlone() throws Exception {
    VpnCases c = new VpnCases("{\"schemaVersion\":1}");
    c.onWifi("\"CafeWiFi\"", "192.168.1.20");
    c.t.start();
    eq(0, c.cm.callbacks.size(), "no callback registered");
    isTrue(NetworkHooks.openConnection(new URL("http://127.0.0.1:9/")) != null, "allowed");
    eq(0, Events.count("toast"), "no notice");
  }

  public static void networkCallbackMatchesThePlatformLevel() throws Exception {
    if (Build.VERSION.SDK_INT < 21) return; // below API 21 the VPN check reads the interfaces, not ConnectivityManager: LevelCases
    VpnCases c = new VpnCases(ALWAYS);
    c.cm.active = c.vpn;
    c.t.start();
    eq(1, c.cm.callbacks.size(), "one callback");
    if (Build.VERSION.SDK_INT >= 24) {
      eq(1, Events.count("cm.registerDefaultNetworkCallback"), "the default-network callback");
      eq(null, c.cm.lastRequest, "no request");
    } else {
      eq(1, Events.count("cm.registerNetworkCallback"), "a callback for a request");
      isTrue(c.cm.lastRequest.hasCapability(NetworkCapabilities.NET_CAPABILITY_INTERNET), "networks with INTERNET");
      isTrue(!c.cm.lastRequest.hasCapability(NetworkCapabilities.NET_CAPABILITY_NOT_VPN), "VPNs included");
    }
  }

  public static void vpnSeenWhenTheActiveInfoNamesTheUnderlyingNetwork() throws Exception {
    if (Build.VERSION.SDK_INT < 21) return; // below API 21 the VPN check reads the interfaces, not ConnectivityManager: LevelCases
    VpnCases c = new VpnCases(ALWAYS);
    c.cm.active = c.vpn;
    c.cm.activeInfoNetwork = c.wlan;
    c.t.start();
    eq(null, TestApp.blockingText(c.t.launch("Main")), "the VPN counts although the active NetworkInfo is Wi-Fi");
  }

  public static void noActiveNetworkBlocks() throws Exception {
    if (Build.VERSION.SDK_INT < 21) return; // below API 21 the VPN check reads the interfaces, not ConnectivityManager: LevelCases
    VpnCases c = new VpnCases(OUTSIDE);
    c.t.start();
    isTrue(BlockingScreen.sBlocked, "offline: neither a VPN nor an allowed network");
  }
}
