from haidian.core.api.routers import Router

from .views import FinancingNeedViewSet, FinancingProductViewSet

router = Router()
router.register("financing/products", FinancingProductViewSet, basename="financing-product")
router.register("financing/needs", FinancingNeedViewSet, basename="financing-need")
