from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from catalogue.models import ProductPage

from .forms import ReviewForm
from .services import ReviewNotAllowed, submit_review
from .templatetags.reviews import FEEDBACK_ANCHOR, FEEDBACK_TAG


@login_required
@require_POST
def create_review(request, product_id):
    product = get_object_or_404(ProductPage.objects.live(), pk=product_id)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Please give a rating, a title and a few words.", extra_tags=FEEDBACK_TAG)
        return redirect(product.url + FEEDBACK_ANCHOR)
    try:
        submit_review(user=request.user, product=product, **form.cleaned_data)
    except ReviewNotAllowed as refusal:
        messages.error(request, str(refusal), extra_tags=FEEDBACK_TAG)
    else:
        messages.success(
            request, "Thank you! Your review will appear once we have checked it.", extra_tags=FEEDBACK_TAG
        )
    # Back to the message itself, shown in the reviews section, so it is on screen after the jump.
    return redirect(product.url + FEEDBACK_ANCHOR)
