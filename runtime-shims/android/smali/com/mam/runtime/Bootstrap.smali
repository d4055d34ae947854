# The shim's entry point: a ContentProvider that the wrap step declares in the manifest
# (authority "<package>.mam.bootstrap", not exported, highest initOrder). The platform creates providers
# before Application.onCreate, so onCreate is the first shim code to run in the app's process.
.class public Lcom/mam/runtime/Bootstrap;
.super Landroid/content/ContentProvider;

# public Bootstrap() { super(); }
.method public constructor <init>()V
    .locals 0
    invoke-direct {p0}, Landroid/content/ContentProvider;-><init>()V
    return-void
.end method

# public boolean onCreate() { Enforcer.start(getContext()); return true; }
.method public onCreate()Z
    .locals 1
    invoke-virtual {p0}, Lcom/mam/runtime/Bootstrap;->getContext()Landroid/content/Context;
    move-result-object v0
    invoke-static {v0}, Lcom/mam/runtime/Enforcer;->start(Landroid/content/Context;)V
    const/4 v0, 0x1
    return v0
.end method

# The provider serves no data: query/getType/insert/update/delete answer null or 0.
.method public query(Landroid/net/Uri;[Ljava/lang/String;Ljava/lang/String;[Ljava/lang/String;Ljava/lang/String;)Landroid/database/Cursor;
    .locals 1
    const/4 v0, 0x0
    return-object v0
.end method

.method public getType(Landroid/net/Uri;)Ljava/lang/String;
    .locals 1
    const/4 v0, 0x0
    return-object v0
.end method

.method public insert(Landroid/net/Uri;Landroid/content/ContentValues;)Landroid/net/Uri;
    .locals 1
    const/4 v0, 0x0
    return-object v0
.end method

.method public update(Landroid/net/Uri;Landroid/content/ContentValues;Ljava/lang/String;[Ljava/lang/String;)I
    .locals 1
    const/4 v0, 0x0
    return v0
.end method

.method public delete(Landroid/net/Uri;Ljava/lang/String;[Ljava/lang/String;)I
    .locals 1
    const/4 v0, 0x0
    return v0
.end method
