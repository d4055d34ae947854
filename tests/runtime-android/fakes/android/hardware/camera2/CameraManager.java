package android.hardware.camera2;

import android.os.Handler;
import java.util.concurrent.Executor;
import mamtest.Events;

public class CameraManager {
  public void openCamera(String id, CameraDevice.StateCallback cb, Handler h) { Events.log("CameraManager.openCamera " + id); }
  public void openCamera(String id, Executor ex, CameraDevice.StateCallback cb) { Events.log("CameraManager.openCamera(executor) " + id); }
}
