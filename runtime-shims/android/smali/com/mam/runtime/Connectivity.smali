# The ConnectivityManager calls that differ by platform level (the runtime runs on API 21 and up;
# levels from the AOSP API database, android.net.ConnectivityManager):
#   watching  API 24+ registerDefaultNetworkCallback; API 21-23 registerNetworkCallback with a request for
#             every network with INTERNET, VPNs included (the platform's request excludes VPNs by default)
#   active    API 23+ getActiveNetwork; API 21-22 the network whose NetworkInfo type is that of
#             getActiveNetworkInfo (getAllNetworks and getNetworkInfo(Network) are API 21)
#   VPN up    API 23+ the active network has TRANSPORT_VPN; API 21-22 any connected network has it (the
#             active NetworkInfo of an app behind a VPN may name the underlying network there)
.class public final Lcom/mam/runtime/Connectivity;
.super Ljava/lang/Object;

.field public static final NET_CAPABILITY_INTERNET:I = 0xc
.field public static final NET_CAPABILITY_NOT_VPN:I = 0xf

# static void watch(ConnectivityManager cm, NetworkCallback cb):
#   if (Build.VERSION.SDK_INT >= 24) cm.registerDefaultNetworkCallback(cb);
#   else cm.registerNetworkCallback(internetRequest(), cb);
.method public static watch(Landroid/net/ConnectivityManager;Landroid/net/ConnectivityManager$NetworkCallback;)V
    .locals 2
    sget v0, Landroid/os/Build$VERSION;->SDK_INT:I
    const/16 v1, 0x18
    if-lt v0, v1, :legacy
    invoke-virtual {p0, p1}, Landroid/net/ConnectivityManager;->registerDefaultNetworkCallback(Landroid/net/ConnectivityManager$NetworkCallback;)V
    return-void
    :legacy
    invoke-static {}, Lcom/mam/runtime/Connectivity;->internetRequest()Landroid/net/NetworkRequest;
    move-result-object v0
    invoke-virtual {p0, v0, p1}, Landroid/net/ConnectivityManager;->registerNetworkCallback(Landroid/net/NetworkRequest;Landroid/net/ConnectivityManager$NetworkCallback;)V
    return-void
.end method

# static NetworkRequest internetRequest():
#   new NetworkRequest.Builder().addCapability(NET_CAPABILITY_INTERNET).removeCapability(NET_CAPABILITY_NOT_VPN).build()
.method public static internetRequest()Landroid/net/NetworkRequest;
    .locals 2
    new-instance v0, Landroid/net/NetworkRequest$Builder;
    invoke-direct {v0}, Landroid/net/NetworkRequest$Builder;-><init>()V
    const/16 v1, 0xc
    invoke-virtual {v0, v1}, Landroid/net/NetworkRequest$Builder;->addCapability(I)Landroid/net/NetworkRequest$Builder;
    move-result-object v0
    const/16 v1, 0xf
    invoke-virtual {v0, v1}, Landroid/net/NetworkRequest$Builder;->removeCapability(I)Landroid/net/NetworkRequest$Builder;
    move-result-object v0
    invoke-virtual {v0}, Landroid/net/NetworkRequest$Builder;->build()Landroid/net/NetworkRequest;
    move-result-object v0
    return-object v0
.end method

# static Network activeNetwork(ConnectivityManager cm):
#   if (Build.VERSION.SDK_INT >= 23) return cm.getActiveNetwork();
#   NetworkInfo a = cm.getActiveNetworkInfo(); if (a == null) return null;
#   for (Network n : cm.getAllNetworks()) { NetworkInfo i = cm.getNetworkInfo(n);
#     if (i != null && i.getType() == a.getType()) return n; }
#   return null;
.method public static activeNetwork(Landroid/net/ConnectivityManager;)Landroid/net/Network;
    .locals 6
    sget v0, Landroid/os/Build$VERSION;->SDK_INT:I
    const/16 v1, 0x17
    if-lt v0, v1, :legacy
    invoke-virtual {p0}, Landroid/net/ConnectivityManager;->getActiveNetwork()Landroid/net/Network;
    move-result-object v0
    return-object v0
    :legacy
    invoke-virtual {p0}, Landroid/net/ConnectivityManager;->getActiveNetworkInfo()Landroid/net/NetworkInfo;
    move-result-object v0
    if-eqz v0, :none
    invoke-virtual {v0}, Landroid/net/NetworkInfo;->getType()I
    move-result v0
    invoke-virtual {p0}, Landroid/net/ConnectivityManager;->getAllNetworks()[Landroid/net/Network;
    move-result-object v1
    if-eqz v1, :none
    array-length v2, v1
    const/4 v3, 0x0
    :loop
    if-ge v3, v2, :none
    aget-object v4, v1, v3
    invoke-virtual {p0, v4}, Landroid/net/ConnectivityManager;->getNetworkInfo(Landroid/net/Network;)Landroid/net/NetworkInfo;
    move-result-object v5
    if-eqz v5, :next
    invoke-virtual {v5}, Landroid/net/NetworkInfo;->getType()I
    move-result v5
    if-ne v5, v0, :next
    return-object v4
    :next
    add-int/lit8 v3, v3, 0x1
    goto :loop
    :none
    const/4 v0, 0x0
    return-object v0
.end method

# static boolean vpnUp(ConnectivityManager cm, Network active):
#   if (Build.VERSION.SDK_INT >= 23) return VpnMonitor.hasVpnTransport(cm, active);
#   for (Network n : cm.getAllNetworks()) if (VpnMonitor.hasVpnTransport(cm, n)) return true;
#   return false;
.method public static vpnUp(Landroid/net/ConnectivityManager;Landroid/net/Network;)Z
    .locals 4
    sget v0, Landroid/os/Build$VERSION;->SDK_INT:I
    const/16 v1, 0x17
    if-lt v0, v1, :legacy
    invoke-static {p0, p1}, Lcom/mam/runtime/VpnMonitor;->hasVpnTransport(Landroid/net/ConnectivityManager;Landroid/net/Network;)Z
    move-result v0
    return v0
    :legacy
    invoke-virtual {p0}, Landroid/net/ConnectivityManager;->getAllNetworks()[Landroid/net/Network;
    move-result-object v0
    if-eqz v0, :no
    array-length v1, v0
    const/4 v2, 0x0
    :loop
    if-ge v2, v1, :no
    aget-object v3, v0, v2
    invoke-static {p0, v3}, Lcom/mam/runtime/VpnMonitor;->hasVpnTransport(Landroid/net/ConnectivityManager;Landroid/net/Network;)Z
    move-result v3
    if-nez v3, :yes
    add-int/lit8 v2, v2, 0x1
    goto :loop
    :yes
    const/4 v0, 0x1
    return v0
    :no
    const/4 v0, 0x0
    return v0
.end method
