"""Identity for xiuhua: JWT principals, tenant walls, phone masking."""

from xiuhua_auth.deps import CurrentUser, current_user, require_roles
from xiuhua_auth.keys import WeakSecret, require_strong
from xiuhua_auth.principal import ROLES, Principal, Role, mask_phone
from xiuhua_auth.tokens import Authenticator, TokenError

__all__ = [
    "ROLES",
    "Authenticator",
    "CurrentUser",
    "Principal",
    "Role",
    "TokenError",
    "WeakSecret",
    "current_user",
    "mask_phone",
    "require_roles",
    "require_strong",
]
