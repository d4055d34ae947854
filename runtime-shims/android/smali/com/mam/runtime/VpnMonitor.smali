# Forced-VPN policy: on start, on every activity resume (ActivityTracker) and on every network change
# (NetworkWatcher: the default network on API 24+, any internet network below) the requirement is
# re-checked; while it is unmet the app shows a blocking screen (lifted when the VPN comes up) and
# NetworkHooks refuse connections.
.class public final Lcom/mam/runtime/VpnMonitor;
.super Ljava/lang/Object;

.field public static final TRANSPORT_VPN:I = 0x4
.field public static sConnectivity:Landroid/net/ConnectivityManager;
.field public static sVpnBlocked:Z

# static void start(Context ctx, Policy p):
#   if ("off".equals(p.vpnMode)) return;
#   sConnectivity = (ConnectivityManager) ctx.getSystemService("connectivity");
#   if (Platform.sdk() < 21) LegacyNetwork.watch(ctx);
#   else if (sConnectivity != null) Connectivity.watch(sConnectivity, new NetworkWatcher());
#   check();
.method public static start(Landroid/content/Context;Lcom/mam/runtime/Policy;)V
    .locals 2
    const-string v0, "off"
    iget-object v1, p1, Lcom/mam/runtime/Policy;->vpnMode:Ljava/lang/String;
    invoke-virtual {v0, v1}, Ljava/lang/String;->equals(Ljava/lang/Object;)Z
    move-result v0
    if-nez v0, :done
    const-string v0, "connectivity"
    invoke-virtual {p0, v0}, Landroid/content/Context;->getSystemService(Ljava/lang/String;)Ljava/lang/Object;
    move-result-object v0
    check-cast v0, Landroid/net/ConnectivityManager;
    sput-object v0, Lcom/mam/runtime/VpnMonitor;->sConnectivity:Landroid/net/ConnectivityManager;
    invoke-static {}, Lcom/mam/runtime/Platform;->sdk()I
    move-result v1
    const/16 p1, 0x15
    if-lt v1, p1, :legacy
    if-eqz v0, :check
    new-instance v1, Lcom/mam/runtime/NetworkWatcher;
    invoke-direct {v1}, Lcom/mam/runtime/NetworkWatcher;-><init>()V
    invoke-static {v0, v1}, Lcom/mam/runtime/Connectivity;->watch(Landroid/net/ConnectivityManager;Landroid/net/ConnectivityManager$NetworkCallback;)V
    goto :check
    :legacy
    invoke-static {p0}, Lcom/mam/runtime/LegacyNetwork;->watch(Landroid/content/Context;)V
    :check
    invoke-static {}, Lcom/mam/runtime/VpnMonitor;->check()V
    :done
    return-void
.end method

# static synchronized void check(): with a VPN requirement in force, blocks (temporarily) while
# requirementMet() is false and lifts the block it placed once it is true.
#   Policy p = Enforcer.sPolicy; if (p == null || "off".equals(p.vpnMode)) return; ...
.method public static declared-synchronized check()V
    .locals 2
    sget-object v0, Lcom/mam/runtime/Enforcer;->sPolicy:Lcom/mam/runtime/Policy;
    if-eqz v0, :done
    iget-object v0, v0, Lcom/mam/runtime/Policy;->vpnMode:Ljava/lang/String;
    const-string v1, "off"
    invoke-virtual {v1, v0}, Ljava/lang/String;->equals(Ljava/lang/Object;)Z
    move-result v0
    if-nez v0, :done
    invoke-static {}, Lcom/mam/runtime/VpnMonitor;->requirementMet()Z
    move-result v0
    if-eqz v0, :unmet
    sget-boolean v0, Lcom/mam/runtime/VpnMonitor;->sVpnBlocked:Z
    if-eqz v0, :done
    const/4 v0, 0x0
    sput-boolean v0, Lcom/mam/runtime/VpnMonitor;->sVpnBlocked:Z
    invoke-static {}, Lcom/mam/runtime/BlockingScreen;->lift()V
    goto :done
    :unmet
    const/4 v0, 0x1
    sput-boolean v0, Lcom/mam/runtime/VpnMonitor;->sVpnBlocked:Z
    const-string v0, "a VPN connection is required"
    const/4 v1, 0x0
    invoke-static {v0, v1}, Lcom/mam/runtime/BlockingScreen;->block(Ljava/lang/String;Z)V
    :done
    return-void
.end method

# static boolean requirementMet(): false without a verified policy (fail closed); true when the policy's
# mode is "off"; otherwise isRequirementMet(...) on the current default network (Connectivity picks the
# calls the platform level has; below API 21 LegacyNetwork reads the interfaces).
.method public static requirementMet()Z
    .locals 9
    sget-object v0, Lcom/mam/runtime/Enforcer;->sPolicy:Lcom/mam/runtime/Policy;
    if-eqz v0, :no
    iget-object v3, v0, Lcom/mam/runtime/Policy;->vpnMode:Ljava/lang/String;
    const-string v1, "off"
    invoke-virtual {v1, v3}, Ljava/lang/String;->equals(Ljava/lang/Object;)Z
    move-result v1
    if-nez v1, :yes
    invoke-static {}, Lcom/mam/runtime/Platform;->sdk()I
    move-result v1
    const/16 v2, 0x15
    if-lt v1, v2, :legacy
    sget-object v1, Lcom/mam/runtime/VpnMonitor;->sConnectivity:Landroid/net/ConnectivityManager;
    if-eqz v1, :no
    invoke-static {v1}, Lcom/mam/runtime/Connectivity;->activeNetwork(Landroid/net/ConnectivityManager;)Landroid/net/Network;
    move-result-object v2
    invoke-static {v1, v2}, Lcom/mam/runtime/Connectivity;->vpnUp(Landroid/net/ConnectivityManager;Landroid/net/Network;)Z
    move-result v4
    invoke-static {}, Lcom/mam/runtime/VpnMonitor;->currentSsid()Ljava/lang/String;
    move-result-object v5
    invoke-static {v1, v2}, Lcom/mam/runtime/VpnMonitor;->localAddresses(Landroid/net/ConnectivityManager;Landroid/net/Network;)[Ljava/lang/String;
    move-result-object v6
    :decide
    iget-object v7, v0, Lcom/mam/runtime/Policy;->allowedSsids:[Ljava/lang/String;
    iget-object v8, v0, Lcom/mam/runtime/Policy;->allowedCidrs:[Ljava/lang/String;
    invoke-static/range {v3 .. v8}, Lcom/mam/runtime/VpnMonitor;->isRequirementMet(Ljava/lang/String;ZLjava/lang/String;[Ljava/lang/String;[Ljava/lang/String;[Ljava/lang/String;)Z
    move-result v0
    return v0
    :legacy
    invoke-static {}, Lcom/mam/runtime/LegacyNetwork;->vpnUp()Z
    move-result v4
    invoke-static {}, Lcom/mam/runtime/VpnMonitor;->currentSsid()Ljava/lang/String;
    move-result-object v5
    const/4 v6, 0x0
    invoke-static {v6}, Lcom/mam/runtime/LegacyNetwork;->addresses(Z)[Ljava/lang/String;
    move-result-object v6
    goto :decide
    :yes
    const/4 v0, 0x1
    return v0
    :no
    const/4 v0, 0x0
    return v0
.end method

# static boolean isRequirementMet(String mode, boolean hasVpnTransport, String currentSsid,
#     String[] localAddresses, String[] allowedSsids, String[] allowedCidrs):
#   "off" or a VPN -> true; "always" -> false; "outsideAllowedNetworks" -> the SSID (quotes removed) is
#   allowed or a local address is inside an allowed CIDR; any other mode -> false.
.method public static isRequirementMet(Ljava/lang/String;ZLjava/lang/String;[Ljava/lang/String;[Ljava/lang/String;[Ljava/lang/String;)Z
    .locals 2
    const-string v0, "off"
    invoke-virtual {v0, p0}, Ljava/lang/String;->equals(Ljava/lang/Object;)Z
    move-result v0
    if-nez v0, :yes
    if-nez p1, :yes
    const-string v0, "outsideAllowedNetworks"
    invoke-virtual {v0, p0}, Ljava/lang/String;->equals(Ljava/lang/Object;)Z
    move-result v0
    if-eqz v0, :no
    invoke-static {p2}, Lcom/mam/runtime/VpnMonitor;->unquote(Ljava/lang/String;)Ljava/lang/String;
    move-result-object v0
    invoke-static {p4, v0}, Lcom/mam/runtime/Texts;->contains([Ljava/lang/String;Ljava/lang/String;)Z
    move-result v0
    if-nez v0, :yes
    invoke-static {p3, p5}, Lcom/mam/runtime/Cidr;->anyInside([Ljava/lang/String;[Ljava/lang/String;)Z
    move-result v0
    return v0
    :yes
    const/4 v0, 0x1
    return v0
    :no
    const/4 v0, 0x0
    return v0
.end method

# static String unquote(String ssid): WifiInfo.getSSID() quotes UTF-8 names ("\"Corp\"" -> "Corp"); null stays null.
.method static unquote(Ljava/lang/String;)Ljava/lang/String;
    .locals 3
    if-eqz p0, :done
    invoke-virtual {p0}, Ljava/lang/String;->length()I
    move-result v0
    const/4 v1, 0x2
    if-lt v0, v1, :done
    const-string v1, "\""
    invoke-virtual {p0, v1}, Ljava/lang/String;->startsWith(Ljava/lang/String;)Z
    move-result v2
    if-eqz v2, :done
    invoke-virtual {p0, v1}, Ljava/lang/String;->endsWith(Ljava/lang/String;)Z
    move-result v2
    if-eqz v2, :done
    add-int/lit8 v0, v0, -0x1
    const/4 v1, 0x1
    invoke-virtual {p0, v1, v0}, Ljava/lang/String;->substring(II)Ljava/lang/String;
    move-result-object p0
    :done
    return-object p0
.end method

# static boolean hasVpnTransport(ConnectivityManager cm, Network n):
#   n != null && (c = cm.getNetworkCapabilities(n)) != null && c.hasTransport(TRANSPORT_VPN)
.method static hasVpnTransport(Landroid/net/ConnectivityManager;Landroid/net/Network;)Z
    .locals 2
    const/4 v0, 0x0
    if-eqz p1, :done
    invoke-virtual {p0, p1}, Landroid/net/ConnectivityManager;->getNetworkCapabilities(Landroid/net/Network;)Landroid/net/NetworkCapabilities;
    move-result-object v1
    if-eqz v1, :done
    const/4 v0, 0x4
    invoke-virtual {v1, v0}, Landroid/net/NetworkCapabilities;->hasTransport(I)Z
    move-result v0
    :done
    return v0
.end method

# static String currentSsid(): ((WifiManager) Enforcer.sContext.getSystemService("wifi")).getConnectionInfo().getSSID(),
# null when any step is unavailable (the platform answers "<unknown ssid>" without location permission).
.method static currentSsid()Ljava/lang/String;
    .locals 3
    const/4 v2, 0x0
    sget-object v0, Lcom/mam/runtime/Enforcer;->sContext:Landroid/content/Context;
    if-eqz v0, :none
    const-string v1, "wifi"
    invoke-virtual {v0, v1}, Landroid/content/Context;->getSystemService(Ljava/lang/String;)Ljava/lang/Object;
    move-result-object v0
    instance-of v1, v0, Landroid/net/wifi/WifiManager;
    if-eqz v1, :none
    check-cast v0, Landroid/net/wifi/WifiManager;
    invoke-virtual {v0}, Landroid/net/wifi/WifiManager;->getConnectionInfo()Landroid/net/wifi/WifiInfo;
    move-result-object v0
    if-eqz v0, :none
    invoke-virtual {v0}, Landroid/net/wifi/WifiInfo;->getSSID()Ljava/lang/String;
    move-result-object v2
    :none
    return-object v2
.end method

# static String[] localAddresses(ConnectivityManager cm, Network n): the host addresses of
# cm.getLinkProperties(n).getLinkAddresses(); empty when unknown.
.method static localAddresses(Landroid/net/ConnectivityManager;Landroid/net/Network;)[Ljava/lang/String;
    .locals 3
    new-instance v0, Ljava/util/ArrayList;
    invoke-direct {v0}, Ljava/util/ArrayList;-><init>()V
    if-eqz p1, :done
    invoke-virtual {p0, p1}, Landroid/net/ConnectivityManager;->getLinkProperties(Landroid/net/Network;)Landroid/net/LinkProperties;
    move-result-object v1
    if-eqz v1, :done
    invoke-virtual {v1}, Landroid/net/LinkProperties;->getLinkAddresses()Ljava/util/List;
    move-result-object v1
    invoke-interface {v1}, Ljava/util/List;->iterator()Ljava/util/Iterator;
    move-result-object v1
    :loop
    invoke-interface {v1}, Ljava/util/Iterator;->hasNext()Z
    move-result v2
    if-eqz v2, :done
    invoke-interface {v1}, Ljava/util/Iterator;->next()Ljava/lang/Object;
    move-result-object v2
    check-cast v2, Landroid/net/LinkAddress;
    invoke-virtual {v2}, Landroid/net/LinkAddress;->getAddress()Ljava/net/InetAddress;
    move-result-object v2
    invoke-virtual {v2}, Ljava/net/InetAddress;->getHostAddress()Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v0, v2}, Ljava/util/ArrayList;->add(Ljava/lang/Object;)Z
    goto :loop
    :done
    invoke-static {v0}, Lcom/mam/runtime/Texts;->toArray(Ljava/util/List;)[Ljava/lang/String;
    move-result-object v0
    return-object v0
.end method
