# ConnectivityManager.NetworkCallback registered by Connectivity.watch (for the default network on API 24+,
# for every internet network, VPNs included, on API 21-23): any change re-checks the VPN requirement.
.class public final Lcom/mam/runtime/NetworkWatcher;
.super Landroid/net/ConnectivityManager$NetworkCallback;

.method public constructor <init>()V
    .locals 0
    invoke-direct {p0}, Landroid/net/ConnectivityManager$NetworkCallback;-><init>()V
    return-void
.end method

# onAvailable(Network n) { VpnMonitor.check(); }
.method public onAvailable(Landroid/net/Network;)V
    .locals 0
    invoke-static {}, Lcom/mam/runtime/VpnMonitor;->check()V
    return-void
.end method

# onLost(Network n) { VpnMonitor.check(); }
.method public onLost(Landroid/net/Network;)V
    .locals 0
    invoke-static {}, Lcom/mam/runtime/VpnMonitor;->check()V
    return-void
.end method

# onCapabilitiesChanged(Network n, NetworkCapabilities c) { VpnMonitor.check(); }
.method public onCapabilitiesChanged(Landroid/net/Network;Landroid/net/NetworkCapabilities;)V
    .locals 0
    invoke-static {}, Lcom/mam/runtime/VpnMonitor;->check()V
    return-void
.end method

# onLinkPropertiesChanged(Network n, LinkProperties p) { VpnMonitor.check(); }
.method public onLinkPropertiesChanged(Landroid/net/Network;Landroid/net/LinkProperties;)V
    .locals 0
    invoke-static {}, Lcom/mam/runtime/VpnMonitor;->check()V
    return-void
.end method
