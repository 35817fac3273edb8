from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from catalogue.models import ProductPage

from .forms import ReviewForm
from .services import ReviewNotAllowed, submit_review


@login_required
@require_POST
def create_review(request, product_id):
    product = get_object_or_404(ProductPage.objects.live(), pk=product_id)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Please give a rating, a title and a few words.")
        return redirect(product.url + "#reviews")
    try:
        submit_review(user=request.user, product=product, **form.cleaned_data)
    except ReviewNotAllowed as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, "Thank you! Your review will appear once we have checked it.")
    return redirect(product.url + "#reviews")
