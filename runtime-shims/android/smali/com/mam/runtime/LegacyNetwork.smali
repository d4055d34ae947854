# The VPN check below API 21, where ConnectivityManager has no Network, NetworkCapabilities or callbacks
# (and TYPE_VPN is API 21 too): a VPN is up when an interface of a VPN kind (tun*, ppp*, tap*, ipsec*:
# VpnService and the legacy PPTP/L2TP/IPsec VPNs) has an address (java.net.NetworkInterface, API 1);
# the local addresses are those of the other non-loopback interfaces; changes arrive as
# ConnectivityManager.CONNECTIVITY_ACTION broadcasts (API 1), received by ConnectivityReceiver.
.class public final Lcom/mam/runtime/LegacyNetwork;
.super Ljava/lang/Object;

.field public static final CONNECTIVITY_ACTION:Ljava/lang/String; = "android.net.conn.CONNECTIVITY_CHANGE"

# static boolean isVpnInterface(String name): name starts with "tun", "ppp", "tap" or "ipsec".
.method public static isVpnInterface(Ljava/lang/String;)Z
    .locals 2
    const/4 v0, 0x0
    if-eqz p0, :done
    const-string v1, "tun"
    invoke-virtual {p0, v1}, Ljava/lang/String;->startsWith(Ljava/lang/String;)Z
    move-result v0
    if-nez v0, :done
    const-string v1, "ppp"
    invoke-virtual {p0, v1}, Ljava/lang/String;->startsWith(Ljava/lang/String;)Z
    move-result v0
    if-nez v0, :done
    const-string v1, "tap"
    invoke-virtual {p0, v1}, Ljava/lang/String;->startsWith(Ljava/lang/String;)Z
    move-result v0
    if-nez v0, :done
    const-string v1, "ipsec"
    invoke-virtual {p0, v1}, Ljava/lang/String;->startsWith(Ljava/lang/String;)Z
    move-result v0
    :done
    return v0
.end method

# static String[] addresses(boolean vpn): the host addresses (loopback excluded) of every interface
# whose isVpnInterface(name) == vpn; empty when the interfaces cannot be listed.
.method public static addresses(Z)[Ljava/lang/String;
    .locals 5
    new-instance v0, Ljava/util/ArrayList;
    invoke-direct {v0}, Ljava/util/ArrayList;-><init>()V
    :try_start
    invoke-static {}, Ljava/net/NetworkInterface;->getNetworkInterfaces()Ljava/util/Enumeration;
    move-result-object v1
    :try_end
    .catch Ljava/io/IOException; {:try_start .. :try_end} :done
    if-eqz v1, :done
    :next_interface
    invoke-interface {v1}, Ljava/util/Enumeration;->hasMoreElements()Z
    move-result v2
    if-eqz v2, :done
    invoke-interface {v1}, Ljava/util/Enumeration;->nextElement()Ljava/lang/Object;
    move-result-object v2
    check-cast v2, Ljava/net/NetworkInterface;
    invoke-virtual {v2}, Ljava/net/NetworkInterface;->getName()Ljava/lang/String;
    move-result-object v3
    invoke-static {v3}, Lcom/mam/runtime/LegacyNetwork;->isVpnInterface(Ljava/lang/String;)Z
    move-result v3
    if-ne v3, p0, :next_interface
    invoke-virtual {v2}, Ljava/net/NetworkInterface;->getInetAddresses()Ljava/util/Enumeration;
    move-result-object v2
    :next_address
    invoke-interface {v2}, Ljava/util/Enumeration;->hasMoreElements()Z
    move-result v3
    if-eqz v3, :next_interface
    invoke-interface {v2}, Ljava/util/Enumeration;->nextElement()Ljava/lang/Object;
    move-result-object v3
    check-cast v3, Ljava/net/InetAddress;
    invoke-virtual {v3}, Ljava/net/InetAddress;->isLoopbackAddress()Z
    move-result v4
    if-nez v4, :next_address
    invoke-virtual {v3}, Ljava/net/InetAddress;->getHostAddress()Ljava/lang/String;
    move-result-object v3
    invoke-virtual {v0, v3}, Ljava/util/ArrayList;->add(Ljava/lang/Object;)Z
    goto :next_address
    :done
    invoke-static {v0}, Lcom/mam/runtime/Texts;->toArray(Ljava/util/List;)[Ljava/lang/String;
    move-result-object v0
    return-object v0
.end method

# static boolean vpnUp(): addresses(true).length > 0
.method public static vpnUp()Z
    .locals 1
    const/4 v0, 0x1
    invoke-static {v0}, Lcom/mam/runtime/LegacyNetwork;->addresses(Z)[Ljava/lang/String;
    move-result-object v0
    array-length v0, v0
    if-gtz v0, :yes
    const/4 v0, 0x0
    return v0
    :yes
    const/4 v0, 0x1
    return v0
.end method

# static void watch(Context ctx): ctx.registerReceiver(new ConnectivityReceiver(), new IntentFilter(CONNECTIVITY_ACTION));
.method public static watch(Landroid/content/Context;)V
    .locals 3
    new-instance v0, Lcom/mam/runtime/ConnectivityReceiver;
    invoke-direct {v0}, Lcom/mam/runtime/ConnectivityReceiver;-><init>()V
    new-instance v1, Landroid/content/IntentFilter;
    const-string v2, "android.net.conn.CONNECTIVITY_CHANGE"
    invoke-direct {v1, v2}, Landroid/content/IntentFilter;-><init>(Ljava/lang/String;)V
    invoke-virtual {p0, v0, v1}, Landroid/content/Context;->registerReceiver(Landroid/content/BroadcastReceiver;Landroid/content/IntentFilter;)Landroid/content/Intent;
    return-void
.end method
