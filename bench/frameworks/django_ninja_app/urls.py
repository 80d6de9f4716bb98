from operator import attrgetter

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django_app.models import Fortune
from ninja import NinjaAPI

ADDITIONAL_FORTUNE = "Additional fortune added at request time."

api = NinjaAPI(docs_url=None, openapi_url=None)


@api.get("/json")
def json_endpoint(request):
    return {"message": "Hello, World!"}


@api.get("/plaintext")
def plaintext(request):
    return HttpResponse("Hello, World!", content_type="text/plain; charset=utf-8")


@api.get("/fortunes")
def fortunes(request):
    rows = list(Fortune.objects.all())
    rows.append(Fortune(id=0, message=ADDITIONAL_FORTUNE))
    rows.sort(key=attrgetter("message"))
    return render(request, "fortunes.html", {"fortunes": rows})


urlpatterns = [path("", api.urls)]
