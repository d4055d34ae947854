# Application.ActivityLifecycleCallbacks: tracks the app's live activities and the resumed one, applies
# FLAG_SECURE when an activity is created, re-checks the VPN requirement and re-covers a blocked app
# whenever an activity is resumed (the app's own onCreate has set its content by then).
.class public final Lcom/mam/runtime/ActivityTracker;
.super Ljava/lang/Object;
.implements Landroid/app/Application$ActivityLifecycleCallbacks;

.field public static final sLive:Ljava/util/ArrayList;
.field public static sResumed:Landroid/app/Activity;

.method static constructor <clinit>()V
    .locals 1
    new-instance v0, Ljava/util/ArrayList;
    invoke-direct {v0}, Ljava/util/ArrayList;-><init>()V
    sput-object v0, Lcom/mam/runtime/ActivityTracker;->sLive:Ljava/util/ArrayList;
    return-void
.end method

.method public constructor <init>()V
    .locals 0
    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    return-void
.end method

# static void install(Context app) { if (app instanceof Application) ((Application) app).registerActivityLifecycleCallbacks(new ActivityTracker()); }
.method public static install(Landroid/content/Context;)V
    .locals 2
    instance-of v0, p0, Landroid/app/Application;
    if-eqz v0, :done
    move-object v0, p0
    check-cast v0, Landroid/app/Application;
    new-instance v1, Lcom/mam/runtime/ActivityTracker;
    invoke-direct {v1}, Lcom/mam/runtime/ActivityTracker;-><init>()V
    invoke-virtual {v0, v1}, Landroid/app/Application;->registerActivityLifecycleCallbacks(Landroid/app/Application$ActivityLifecycleCallbacks;)V
    :done
    return-void
.end method

# static synchronized Activity[] live(): a snapshot of the live activities.
.method public static declared-synchronized live()[Landroid/app/Activity;
    .locals 2
    sget-object v0, Lcom/mam/runtime/ActivityTracker;->sLive:Ljava/util/ArrayList;
    invoke-virtual {v0}, Ljava/util/ArrayList;->size()I
    move-result v1
    new-array v1, v1, [Landroid/app/Activity;
    invoke-virtual {v0, v1}, Ljava/util/ArrayList;->toArray([Ljava/lang/Object;)[Ljava/lang/Object;
    move-result-object v0
    check-cast v0, [Landroid/app/Activity;
    return-object v0
.end method

# onActivityCreated(a, state) { track(a, true); SecureWindow.apply(a); }
.method public onActivityCreated(Landroid/app/Activity;Landroid/os/Bundle;)V
    .locals 1
    const/4 v0, 0x1
    invoke-static {p1, v0}, Lcom/mam/runtime/ActivityTracker;->track(Landroid/app/Activity;Z)V
    invoke-static {p1}, Lcom/mam/runtime/SecureWindow;->apply(Landroid/app/Activity;)V
    return-void
.end method

# static synchronized void track(Activity a, boolean alive) { if (alive) sLive.add(a); else sLive.remove(a); }
.method static declared-synchronized track(Landroid/app/Activity;Z)V
    .locals 1
    sget-object v0, Lcom/mam/runtime/ActivityTracker;->sLive:Ljava/util/ArrayList;
    if-eqz p1, :remove
    invoke-virtual {v0, p0}, Ljava/util/ArrayList;->add(Ljava/lang/Object;)Z
    return-void
    :remove
    invoke-virtual {v0, p0}, Ljava/util/ArrayList;->remove(Ljava/lang/Object;)Z
    return-void
.end method

# onActivityResumed(a) { sResumed = a; VpnMonitor.check(); BlockingScreen.reapply(); }
# (reapply covers a and, for a permanent block, finishes the app's other activities)
.method public onActivityResumed(Landroid/app/Activity;)V
    .locals 0
    sput-object p1, Lcom/mam/runtime/ActivityTracker;->sResumed:Landroid/app/Activity;
    invoke-static {}, Lcom/mam/runtime/VpnMonitor;->check()V
    invoke-static {}, Lcom/mam/runtime/BlockingScreen;->reapply()V
    return-void
.end method

# onActivityDestroyed(a) { track(a, false); if (sResumed == a) sResumed = null; }
.method public onActivityDestroyed(Landroid/app/Activity;)V
    .locals 1
    const/4 v0, 0x0
    invoke-static {p1, v0}, Lcom/mam/runtime/ActivityTracker;->track(Landroid/app/Activity;Z)V
    sget-object v0, Lcom/mam/runtime/ActivityTracker;->sResumed:Landroid/app/Activity;
    if-ne v0, p1, :done
    const/4 v0, 0x0
    sput-object v0, Lcom/mam/runtime/ActivityTracker;->sResumed:Landroid/app/Activity;
    :done
    return-void
.end method

# onActivityStarted/Paused/Stopped/SaveInstanceState: nothing to do.
.method public onActivityStarted(Landroid/app/Activity;)V
    .locals 0
    return-void
.end method

.method public onActivityPaused(Landroid/app/Activity;)V
    .locals 0
    return-void
.end method

.method public onActivityStopped(Landroid/app/Activity;)V
    .locals 0
    return-void
.end method

.method public onActivitySaveInstanceState(Landroid/app/Activity;Landroid/os/Bundle;)V
    .locals 0
    return-void
.end method
