package android.hardware;

import mamtest.Events;

public class Camera {
  public final int id;
  private Camera(int id) { this.id = id; }
  public static Camera open() { Events.log("Camera.open"); return new Camera(0); }
  public static Camera open(int id) { Events.log("Camera.open " + id); return new Camera(id); }
}
