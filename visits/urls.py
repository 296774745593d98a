from django.urls import path

from visits import views

app_name = "visits"
urlpatterns = [
    path("mes-seniors/", views.my_seniors, name="my_seniors"),
]
