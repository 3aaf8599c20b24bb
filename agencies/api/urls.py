from haidian.core.api.routers import Router

from .views import AgencyViewSet

router = Router()
router.register("agencies", AgencyViewSet, basename="agency")
