# A Runnable that performs one blocking-screen operation on an activity's UI thread.
.class final Lcom/mam/runtime/UiTask;
.super Ljava/lang/Object;
.implements Ljava/lang/Runnable;

.field public static final COVER:I = 0x0
.field public static final RECREATE:I = 0x1
.field public static final FINISH:I = 0x2

.field private final activity:Landroid/app/Activity;
.field private final op:I

.method constructor <init>(Landroid/app/Activity;I)V
    .locals 0
    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    iput-object p1, p0, Lcom/mam/runtime/UiTask;->activity:Landroid/app/Activity;
    iput p2, p0, Lcom/mam/runtime/UiTask;->op:I
    return-void
.end method

# static void post(Activity a, int op) { a.runOnUiThread(new UiTask(a, op)); }
.method static post(Landroid/app/Activity;I)V
    .locals 1
    new-instance v0, Lcom/mam/runtime/UiTask;
    invoke-direct {v0, p0, p1}, Lcom/mam/runtime/UiTask;-><init>(Landroid/app/Activity;I)V
    invoke-virtual {p0, v0}, Landroid/app/Activity;->runOnUiThread(Ljava/lang/Runnable;)V
    return-void
.end method

# public void run() { switch (op) { COVER: BlockingScreen.showOn(activity); RECREATE: activity.recreate(); FINISH: activity.finish(); } }
.method public run()V
    .locals 2
    iget-object v0, p0, Lcom/mam/runtime/UiTask;->activity:Landroid/app/Activity;
    iget v1, p0, Lcom/mam/runtime/UiTask;->op:I
    if-nez v1, :not_cover
    invoke-static {v0}, Lcom/mam/runtime/BlockingScreen;->showOn(Landroid/app/Activity;)V
    return-void
    :not_cover
    iget v1, p0, Lcom/mam/runtime/UiTask;->op:I
    const/4 v0, 0x1
    if-ne v1, v0, :finish
    iget-object v0, p0, Lcom/mam/runtime/UiTask;->activity:Landroid/app/Activity;
    invoke-virtual {v0}, Landroid/app/Activity;->recreate()V
    return-void
    :finish
    iget-object v0, p0, Lcom/mam/runtime/UiTask;->activity:Landroid/app/Activity;
    invoke-virtual {v0}, Landroid/app/Activity;->finish()V
    return-void
.end method
