from haidian.core.api.routers import Router

from .views import ContractViewSet, TechnologyViewSet

router = Router()
router.register("technologies", TechnologyViewSet, basename="technology")
router.register("contracts", ContractViewSet, basename="contract")
