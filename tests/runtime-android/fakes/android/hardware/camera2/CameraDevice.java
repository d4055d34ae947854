package android.hardware.camera2;

public abstract class CameraDevice {
  public abstract static class StateCallback {}
}
