# Screen-capture policy: FLAG_SECURE on every activity window (also when the policy is missing: fail closed).
.class public final Lcom/mam/runtime/SecureWindow;
.super Ljava/lang/Object;

.field public static final FLAG_SECURE:I = 0x2000

# static void apply(Activity a) { Policy p = Enforcer.sPolicy; if (p == null || p.screenCaptureBlock) a.getWindow().addFlags(FLAG_SECURE); }
.method public static apply(Landroid/app/Activity;)V
    .locals 2
    sget-object v0, Lcom/mam/runtime/Enforcer;->sPolicy:Lcom/mam/runtime/Policy;
    if-eqz v0, :secure
    iget-boolean v0, v0, Lcom/mam/runtime/Policy;->screenCaptureBlock:Z
    if-eqz v0, :done
    :secure
    invoke-virtual {p0}, Landroid/app/Activity;->getWindow()Landroid/view/Window;
    move-result-object v0
    const/16 v1, 0x2000
    invoke-virtual {v0, v1}, Landroid/view/Window;->addFlags(I)V
    :done
    return-void
.end method
