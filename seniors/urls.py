app_name = "seniors"
urlpatterns: list = []
