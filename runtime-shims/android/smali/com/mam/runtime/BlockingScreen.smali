# The blocking screen: while the app is blocked, the resumed activity's content is replaced by a message
# and, for a permanent block (policy missing/altered, compromised device), every other activity is finished.
# A non-permanent block (VPN required) is lifted when the requirement is met again.
.class public final Lcom/mam/runtime/BlockingScreen;
.super Ljava/lang/Object;

.field public static sBlocked:Z
.field public static sPermanent:Z
.field public static sReason:Ljava/lang/String;

# static void block(String reason, boolean permanent): (a temporary block never replaces a permanent one)
#   if (sPermanent && !permanent) return;
#   sBlocked = true; sReason = reason; sPermanent |= permanent;
#   for (Activity a : ActivityTracker.live()) if (a == ActivityTracker.sResumed) cover(a); else if (permanent) a.finish();
.method public static declared-synchronized block(Ljava/lang/String;Z)V
    .locals 6
    sget-boolean v0, Lcom/mam/runtime/BlockingScreen;->sPermanent:Z
    if-eqz v0, :not_yet_permanent
    if-nez p1, :not_yet_permanent
    return-void
    :not_yet_permanent
    const/4 v0, 0x1
    sput-boolean v0, Lcom/mam/runtime/BlockingScreen;->sBlocked:Z
    sput-object p0, Lcom/mam/runtime/BlockingScreen;->sReason:Ljava/lang/String;
    sget-boolean v0, Lcom/mam/runtime/BlockingScreen;->sPermanent:Z
    or-int/2addr v0, p1
    sput-boolean v0, Lcom/mam/runtime/BlockingScreen;->sPermanent:Z
    sget-object v0, Lcom/mam/runtime/ActivityTracker;->sResumed:Landroid/app/Activity;
    invoke-static {}, Lcom/mam/runtime/ActivityTracker;->live()[Landroid/app/Activity;
    move-result-object v1
    const/4 v2, 0x0
    array-length v3, v1
    :loop
    if-ge v2, v3, :done
    aget-object v4, v1, v2
    if-ne v4, v0, :other
    invoke-static {v4}, Lcom/mam/runtime/BlockingScreen;->cover(Landroid/app/Activity;)V
    goto :next
    :other
    if-eqz p1, :next
    const/4 v5, 0x2
    invoke-static {v4, v5}, Lcom/mam/runtime/UiTask;->post(Landroid/app/Activity;I)V
    :next
    add-int/lit8 v2, v2, 0x1
    goto :loop
    :done
    return-void
.end method

# static void lift(): ends a non-permanent block and recreates the covered activity to restore its UI.
.method public static declared-synchronized lift()V
    .locals 2
    sget-boolean v0, Lcom/mam/runtime/BlockingScreen;->sBlocked:Z
    if-eqz v0, :done
    sget-boolean v0, Lcom/mam/runtime/BlockingScreen;->sPermanent:Z
    if-nez v0, :done
    const/4 v0, 0x0
    sput-boolean v0, Lcom/mam/runtime/BlockingScreen;->sBlocked:Z
    const/4 v0, 0x0
    sput-object v0, Lcom/mam/runtime/BlockingScreen;->sReason:Ljava/lang/String;
    sget-object v0, Lcom/mam/runtime/ActivityTracker;->sResumed:Landroid/app/Activity;
    if-eqz v0, :done
    const/4 v1, 0x1
    invoke-static {v0, v1}, Lcom/mam/runtime/UiTask;->post(Landroid/app/Activity;I)V
    :done
    return-void
.end method

# static void reapply() { if (sBlocked) block(sReason, sPermanent); }   (after an activity is resumed)
.method public static declared-synchronized reapply()V
    .locals 2
    sget-boolean v0, Lcom/mam/runtime/BlockingScreen;->sBlocked:Z
    if-eqz v0, :done
    sget-object v0, Lcom/mam/runtime/BlockingScreen;->sReason:Ljava/lang/String;
    sget-boolean v1, Lcom/mam/runtime/BlockingScreen;->sPermanent:Z
    invoke-static {v0, v1}, Lcom/mam/runtime/BlockingScreen;->block(Ljava/lang/String;Z)V
    :done
    return-void
.end method

# static void cover(Activity a): on a's UI thread, replace its content with the blocking message.
.method public static cover(Landroid/app/Activity;)V
    .locals 1
    const/4 v0, 0x0
    invoke-static {p0, v0}, Lcom/mam/runtime/UiTask;->post(Landroid/app/Activity;I)V
    return-void
.end method

# static void showOn(Activity a) { TextView t = new TextView(a); t.setText("Blocked by policy: " + sReason); a.setContentView(t); }
.method static showOn(Landroid/app/Activity;)V
    .locals 3
    new-instance v0, Landroid/widget/TextView;
    invoke-direct {v0, p0}, Landroid/widget/TextView;-><init>(Landroid/content/Context;)V
    const-string v1, "Blocked by policy: "
    sget-object v2, Lcom/mam/runtime/BlockingScreen;->sReason:Ljava/lang/String;
    invoke-static {v2}, Ljava/lang/String;->valueOf(Ljava/lang/Object;)Ljava/lang/String;
    move-result-object v2
    invoke-static {v1, v2}, Lcom/mam/runtime/Texts;->concat(Ljava/lang/String;Ljava/lang/String;)Ljava/lang/String;
    move-result-object v1
    invoke-virtual {v0, v1}, Landroid/widget/TextView;->setText(Ljava/lang/CharSequence;)V
    invoke-virtual {p0, v0}, Landroid/app/Activity;->setContentView(Landroid/view/View;)V
    return-void
.end method
