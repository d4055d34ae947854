# CONNECTIVITY_ACTION receiver registered by LegacyNetwork.watch below API 21: any change re-checks the
# VPN requirement (NetworkWatcher does this from API 21).
.class public final Lcom/mam/runtime/ConnectivityReceiver;
.super Landroid/content/BroadcastReceiver;

.method public constructor <init>()V
    .locals 0
    invoke-direct {p0}, Landroid/content/BroadcastReceiver;-><init>()V
    return-void
.end method

# onReceive(Context c, Intent i) { VpnMonitor.check(); }
.method public onReceive(Landroid/content/Context;Landroid/content/Intent;)V
    .locals 0
    invoke-static {}, Lcom/mam/runtime/VpnMonitor;->check()V
    return-void
.end method
