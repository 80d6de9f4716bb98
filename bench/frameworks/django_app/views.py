from operator import attrgetter

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render

from .models import Fortune

ADDITIONAL_FORTUNE = "Additional fortune added at request time."


def json_view(request):
    return JsonResponse({"message": "Hello, World!"})


def plaintext(request):
    return HttpResponse("Hello, World!", content_type="text/plain; charset=utf-8")


def fortunes(request):
    rows = list(Fortune.objects.all())
    rows.append(Fortune(id=0, message=ADDITIONAL_FORTUNE))
    rows.sort(key=attrgetter("message"))
    return render(request, "fortunes.html", {"fortunes": rows})
