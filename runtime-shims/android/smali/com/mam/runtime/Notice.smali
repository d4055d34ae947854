# A short, self-dismissing "blocked by policy" / warning message (a Toast).
.class public final Lcom/mam/runtime/Notice;
.super Ljava/lang/Object;

# static void show(String message): Toast.makeText(Enforcer.sContext, "mam: " + message, LENGTH_LONG).show();
# nothing when the runtime has no context yet.
.method public static show(Ljava/lang/String;)V
    .locals 3
    sget-object v0, Lcom/mam/runtime/Enforcer;->sContext:Landroid/content/Context;
    if-eqz v0, :done
    const-string v1, "mam: "
    invoke-static {v1, p0}, Lcom/mam/runtime/Texts;->concat(Ljava/lang/String;Ljava/lang/String;)Ljava/lang/String;
    move-result-object v1
    const/4 v2, 0x1
    invoke-static {v0, v1, v2}, Landroid/widget/Toast;->makeText(Landroid/content/Context;Ljava/lang/CharSequence;I)Landroid/widget/Toast;
    move-result-object v0
    invoke-virtual {v0}, Landroid/widget/Toast;->show()V
    :done
    return-void
.end method
