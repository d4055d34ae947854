# Network hooks: while the VPN requirement is unmet (or there is no verified policy) connections are
# refused with a ConnectException before any packet is sent; otherwise the framework call goes through.
.class public final Lcom/mam/runtime/NetworkHooks;
.super Ljava/lang/Object;

# static void guard() throws ConnectException { if (!VpnMonitor.requirementMet()) throw new ConnectException(...); }
.method public static guard()V
    .locals 2
    invoke-static {}, Lcom/mam/runtime/VpnMonitor;->requirementMet()Z
    move-result v0
    if-nez v0, :allowed
    new-instance v0, Ljava/net/ConnectException;
    const-string v1, "connection refused by policy: a VPN connection is required"
    invoke-direct {v0, v1}, Ljava/net/ConnectException;-><init>(Ljava/lang/String;)V
    throw v0
    :allowed
    return-void
.end method

# static void connect(Socket s, SocketAddress a) { guard(); s.connect(a); }
.method public static connect(Ljava/net/Socket;Ljava/net/SocketAddress;)V
    .locals 0
    invoke-static {}, Lcom/mam/runtime/NetworkHooks;->guard()V
    invoke-virtual {p0, p1}, Ljava/net/Socket;->connect(Ljava/net/SocketAddress;)V
    return-void
.end method

# static void connect(Socket s, SocketAddress a, int timeoutMs) { guard(); s.connect(a, timeoutMs); }
.method public static connect(Ljava/net/Socket;Ljava/net/SocketAddress;I)V
    .locals 0
    invoke-static {}, Lcom/mam/runtime/NetworkHooks;->guard()V
    invoke-virtual {p0, p1, p2}, Ljava/net/Socket;->connect(Ljava/net/SocketAddress;I)V
    return-void
.end method

# static URLConnection openConnection(URL u) { guard(); return u.openConnection(); }
.method public static openConnection(Ljava/net/URL;)Ljava/net/URLConnection;
    .locals 1
    invoke-static {}, Lcom/mam/runtime/NetworkHooks;->guard()V
    invoke-virtual {p0}, Ljava/net/URL;->openConnection()Ljava/net/URLConnection;
    move-result-object v0
    return-object v0
.end method

# static URLConnection openConnection(URL u, Proxy p) { guard(); return u.openConnection(p); }
.method public static openConnection(Ljava/net/URL;Ljava/net/Proxy;)Ljava/net/URLConnection;
    .locals 1
    invoke-static {}, Lcom/mam/runtime/NetworkHooks;->guard()V
    invoke-virtual {p0, p1}, Ljava/net/URL;->openConnection(Ljava/net/Proxy;)Ljava/net/URLConnection;
    move-result-object v0
    return-object v0
.end method
