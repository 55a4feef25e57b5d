from . import login_throttle
