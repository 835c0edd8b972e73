from django.urls import path

from kasane.community import map_views

app_name = "community"

urlpatterns: list = []

# --- the map (地域の地図) and the city's boundary file ---
urlpatterns += [
    path("community/map/", map_views.area_map, name="map"),
    path("community/map/boundaries/", map_views.boundaries_upload, name="map_boundaries"),
    path(
        "community/map/boundaries/confirm/",
        map_views.boundaries_confirm,
        name="map_boundaries_confirm",
    ),
]
