from . import test_errors
from . import test_front_end
from . import test_login
from . import test_logout
from . import test_security
from . import test_throttle
from . import test_totp
from . import test_transport
