# Process-wide runtime state: the application context and the verified policy (null until verified,
# and null for ever when verification failed: every hook then fails closed).
.class public final Lcom/mam/runtime/Enforcer;
.super Ljava/lang/Object;

.field public static sContext:Landroid/content/Context;
.field public static sPolicy:Lcom/mam/runtime/Policy;
# Why this platform level cannot enforce the policy (Platform.unsupported), or null.
.field public static sUnsupported:Ljava/lang/String;

# static void start(Context ctx): called once from Bootstrap.onCreate.
#   Context app = ctx.getApplicationContext(); if (app == null) app = ctx;
#   sContext = app;
#   // below API 14 there are no activity callbacks, so no blocking screen: a notice, and every hook
#   // fails closed (sPolicy stays null)
#   if ((sUnsupported = Platform.unsupported(Platform.sdk(), false)) != null) { Notice.show(sUnsupported); return; }
#   ActivityTracker.install(app);
#   Policy p = PolicyLoader.load(app);
#   if (p == null) { BlockingScreen.block(PolicyLoader.sLastError, true); return; }
#   // a protection the level cannot give (encryption below API 19): permanent block, hooks fail closed
#   if ((sUnsupported = Platform.unsupported(Platform.sdk(), p.encrypt)) != null) { BlockingScreen.block(sUnsupported, true); return; }
#   sPolicy = p; RootDetector.enforce(app, p); VpnMonitor.start(app, p);
.method public static start(Landroid/content/Context;)V
    .locals 4
    invoke-virtual {p0}, Landroid/content/Context;->getApplicationContext()Landroid/content/Context;
    move-result-object v0
    if-nez v0, :have_app
    move-object v0, p0
    :have_app
    sput-object v0, Lcom/mam/runtime/Enforcer;->sContext:Landroid/content/Context;
    invoke-static {}, Lcom/mam/runtime/Platform;->sdk()I
    move-result v1
    const/4 v2, 0x0
    invoke-static {v1, v2}, Lcom/mam/runtime/Platform;->unsupported(IZ)Ljava/lang/String;
    move-result-object v1
    if-eqz v1, :callbacks
    sput-object v1, Lcom/mam/runtime/Enforcer;->sUnsupported:Ljava/lang/String;
    invoke-static {v1}, Lcom/mam/runtime/Notice;->show(Ljava/lang/String;)V
    return-void
    :callbacks
    invoke-static {v0}, Lcom/mam/runtime/ActivityTracker;->install(Landroid/content/Context;)V
    invoke-static {v0}, Lcom/mam/runtime/PolicyLoader;->load(Landroid/content/Context;)Lcom/mam/runtime/Policy;
    move-result-object v1
    if-nez v1, :verified
    sget-object v1, Lcom/mam/runtime/PolicyLoader;->sLastError:Ljava/lang/String;
    :fail_closed
    const/4 v0, 0x1
    invoke-static {v1, v0}, Lcom/mam/runtime/BlockingScreen;->block(Ljava/lang/String;Z)V
    return-void
    :verified
    invoke-static {}, Lcom/mam/runtime/Platform;->sdk()I
    move-result v2
    iget-boolean v3, v1, Lcom/mam/runtime/Policy;->encrypt:Z
    invoke-static {v2, v3}, Lcom/mam/runtime/Platform;->unsupported(IZ)Ljava/lang/String;
    move-result-object v2
    if-eqz v2, :supported
    sput-object v2, Lcom/mam/runtime/Enforcer;->sUnsupported:Ljava/lang/String;
    move-object v1, v2
    goto :fail_closed
    :supported
    sput-object v1, Lcom/mam/runtime/Enforcer;->sPolicy:Lcom/mam/runtime/Policy;
    invoke-static {v0, v1}, Lcom/mam/runtime/RootDetector;->enforce(Landroid/content/Context;Lcom/mam/runtime/Policy;)V
    invoke-static {v0, v1}, Lcom/mam/runtime/VpnMonitor;->start(Landroid/content/Context;Lcom/mam/runtime/Policy;)V
    return-void
.end method

# static boolean cameraBlocked() { Policy p = sPolicy; return p == null || p.cameraBlock; }
.method public static cameraBlocked()Z
    .locals 2
    sget-object v0, Lcom/mam/runtime/Enforcer;->sPolicy:Lcom/mam/runtime/Policy;
    const/4 v1, 0x1
    if-eqz v0, :done
    iget-boolean v1, v0, Lcom/mam/runtime/Policy;->cameraBlock:Z
    :done
    return v1
.end method
