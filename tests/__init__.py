from . import (
    test_errors,
    test_front_end,
    test_login,
    test_logout,
    test_openapi,
    test_security,
    test_throttle,
    test_totp,
    test_translation,
    test_transport,
)
