"""The communities part of /api/v1/: one router per resource, mounted here as one."""

from ninja import Router

from . import communities, groups, joining, members

router = Router()
router.add_router("", communities.router)
router.add_router("", members.router)
router.add_router("", joining.router)
router.add_router("", groups.router)
