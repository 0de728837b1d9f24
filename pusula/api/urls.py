from ninja import NinjaAPI

api = NinjaAPI(title="Pusula API", version="1", urls_namespace="api")
