# Camera policy hooks: rewritten call sites call these instead of the framework (receiver first for
# instance methods). A blocked call shows a notice and fails as the platform does without the CAMERA
# permission (SecurityException); an allowed call goes straight to the framework.
.class public final Lcom/mam/runtime/CameraHooks;
.super Ljava/lang/Object;

.field public static final BLOCKED:Ljava/lang/String; = "camera blocked by policy"

# static void check(): throws SecurityException (after a notice) when the policy blocks the camera.
.method public static check()V
    .locals 2
    invoke-static {}, Lcom/mam/runtime/Enforcer;->cameraBlocked()Z
    move-result v0
    if-eqz v0, :allowed
    sget-object v0, Lcom/mam/runtime/CameraHooks;->BLOCKED:Ljava/lang/String;
    invoke-static {v0}, Lcom/mam/runtime/Notice;->show(Ljava/lang/String;)V
    new-instance v1, Ljava/lang/SecurityException;
    invoke-direct {v1, v0}, Ljava/lang/SecurityException;-><init>(Ljava/lang/String;)V
    throw v1
    :allowed
    return-void
.end method

# static Camera open() { check(); return Camera.open(); }
.method public static open()Landroid/hardware/Camera;
    .locals 1
    invoke-static {}, Lcom/mam/runtime/CameraHooks;->check()V
    invoke-static {}, Landroid/hardware/Camera;->open()Landroid/hardware/Camera;
    move-result-object v0
    return-object v0
.end method

# static Camera open(int id) { check(); return Camera.open(id); }
.method public static open(I)Landroid/hardware/Camera;
    .locals 1
    invoke-static {}, Lcom/mam/runtime/CameraHooks;->check()V
    invoke-static {p0}, Landroid/hardware/Camera;->open(I)Landroid/hardware/Camera;
    move-result-object v0
    return-object v0
.end method

# static void openCamera(CameraManager m, String id, CameraDevice.StateCallback cb, Handler h) { check(); m.openCamera(id, cb, h); }
.method public static openCamera(Landroid/hardware/camera2/CameraManager;Ljava/lang/String;Landroid/hardware/camera2/CameraDevice$StateCallback;Landroid/os/Handler;)V
    .locals 0
    invoke-static {}, Lcom/mam/runtime/CameraHooks;->check()V
    invoke-virtual {p0, p1, p2, p3}, Landroid/hardware/camera2/CameraManager;->openCamera(Ljava/lang/String;Landroid/hardware/camera2/CameraDevice$StateCallback;Landroid/os/Handler;)V
    return-void
.end method

# static void openCamera(CameraManager m, String id, Executor ex, CameraDevice.StateCallback cb) { check(); m.openCamera(id, ex, cb); }
.method public static openCamera(Landroid/hardware/camera2/CameraManager;Ljava/lang/String;Ljava/util/concurrent/Executor;Landroid/hardware/camera2/CameraDevice$StateCallback;)V
    .locals 0
    invoke-static {}, Lcom/mam/runtime/CameraHooks;->check()V
    invoke-virtual {p0, p1, p2, p3}, Landroid/hardware/camera2/CameraManager;->openCamera(Ljava/lang/String;Ljava/util/concurrent/Executor;Landroid/hardware/camera2/CameraDevice$StateCallback;)V
    return-void
.end method

# static boolean isCaptureAction(String action): one of MediaStore.ACTION_IMAGE_CAPTURE, ACTION_IMAGE_CAPTURE_SECURE,
# ACTION_VIDEO_CAPTURE, INTENT_ACTION_STILL_IMAGE_CAMERA, INTENT_ACTION_STILL_IMAGE_CAMERA_SECURE, INTENT_ACTION_VIDEO_CAMERA.
.method public static isCaptureAction(Ljava/lang/String;)Z
    .locals 3
    const/4 v0, 0x6
    new-array v0, v0, [Ljava/lang/String;
    const/4 v1, 0x0
    const-string v2, "android.media.action.IMAGE_CAPTURE"
    aput-object v2, v0, v1
    const/4 v1, 0x1
    const-string v2, "android.media.action.IMAGE_CAPTURE_SECURE"
    aput-object v2, v0, v1
    const/4 v1, 0x2
    const-string v2, "android.media.action.VIDEO_CAPTURE"
    aput-object v2, v0, v1
    const/4 v1, 0x3
    const-string v2, "android.media.action.STILL_IMAGE_CAMERA"
    aput-object v2, v0, v1
    const/4 v1, 0x4
    const-string v2, "android.media.action.STILL_IMAGE_CAMERA_SECURE"
    aput-object v2, v0, v1
    const/4 v1, 0x5
    const-string v2, "android.media.action.VIDEO_CAMERA"
    aput-object v2, v0, v1
    invoke-static {v0, p0}, Lcom/mam/runtime/Texts;->contains([Ljava/lang/String;Ljava/lang/String;)Z
    move-result v0
    return v0
.end method

# static void checkIntent(Intent i) { if (i != null && isCaptureAction(i.getAction())) check(); }
.method public static checkIntent(Landroid/content/Intent;)V
    .locals 1
    if-eqz p0, :done
    invoke-virtual {p0}, Landroid/content/Intent;->getAction()Ljava/lang/String;
    move-result-object v0
    invoke-static {v0}, Lcom/mam/runtime/CameraHooks;->isCaptureAction(Ljava/lang/String;)Z
    move-result v0
    if-eqz v0, :done
    invoke-static {}, Lcom/mam/runtime/CameraHooks;->check()V
    :done
    return-void
.end method

# static void startActivity(Context c, Intent i) { checkIntent(i); c.startActivity(i); }
.method public static startActivity(Landroid/content/Context;Landroid/content/Intent;)V
    .locals 0
    invoke-static {p1}, Lcom/mam/runtime/CameraHooks;->checkIntent(Landroid/content/Intent;)V
    invoke-virtual {p0, p1}, Landroid/content/Context;->startActivity(Landroid/content/Intent;)V
    return-void
.end method

# static void startActivity(Activity a, Intent i) { checkIntent(i); a.startActivity(i); }
.method public static startActivity(Landroid/app/Activity;Landroid/content/Intent;)V
    .locals 0
    invoke-static {p1}, Lcom/mam/runtime/CameraHooks;->checkIntent(Landroid/content/Intent;)V
    invoke-virtual {p0, p1}, Landroid/app/Activity;->startActivity(Landroid/content/Intent;)V
    return-void
.end method

# static void startActivity(Activity a, Intent i, Bundle options) { checkIntent(i); a.startActivity(i, options); }
.method public static startActivity(Landroid/app/Activity;Landroid/content/Intent;Landroid/os/Bundle;)V
    .locals 0
    invoke-static {p1}, Lcom/mam/runtime/CameraHooks;->checkIntent(Landroid/content/Intent;)V
    invoke-virtual {p0, p1, p2}, Landroid/app/Activity;->startActivity(Landroid/content/Intent;Landroid/os/Bundle;)V
    return-void
.end method

# static void startActivityForResult(Activity a, Intent i, int code) { checkIntent(i); a.startActivityForResult(i, code); }
.method public static startActivityForResult(Landroid/app/Activity;Landroid/content/Intent;I)V
    .locals 0
    invoke-static {p1}, Lcom/mam/runtime/CameraHooks;->checkIntent(Landroid/content/Intent;)V
    invoke-virtual {p0, p1, p2}, Landroid/app/Activity;->startActivityForResult(Landroid/content/Intent;I)V
    return-void
.end method

# static void startActivityForResult(Activity a, Intent i, int code, Bundle options) { checkIntent(i); a.startActivityForResult(i, code, options); }
.method public static startActivityForResult(Landroid/app/Activity;Landroid/content/Intent;ILandroid/os/Bundle;)V
    .locals 0
    invoke-static {p1}, Lcom/mam/runtime/CameraHooks;->checkIntent(Landroid/content/Intent;)V
    invoke-virtual {p0, p1, p2, p3}, Landroid/app/Activity;->startActivityForResult(Landroid/content/Intent;ILandroid/os/Bundle;)V
    return-void
.end method
