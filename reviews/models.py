from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

FORMER_CUSTOMER = "A former customer"
UNNAMED_CUSTOMER = "A customer"


class Review(models.Model):
    """A customer's review of a product, shown once a Manager approves it.

    The author's name is read from the user rather than copied here, so deleting an account
    (author becomes null) leaves nothing personal behind without the accounts app touching reviews.
    """

    product = models.ForeignKey("catalogue.ProductPage", on_delete=models.CASCADE, related_name="reviews")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="reviews"
    )
    rating = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    title = models.CharField(max_length=150)
    body = models.TextField(max_length=5000)
    created = models.DateTimeField(auto_now_add=True)
    approved = models.BooleanField(default=False, db_index=True)
    # Rejected: moderated and kept off the site; it leaves the moderation queue (approved=False
    # and rejected=False) without being deleted, so a mistaken rejection can be approved later.
    rejected = models.BooleanField(default=False, db_index=True)

    class Meta:
        ordering = ["-created"]
        # The names date from when reviews lived in the catalogue app; the database keeps them.
        constraints = [
            models.UniqueConstraint(fields=["product", "author"], name="catalogue_review_one_per_author"),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="catalogue_review_rating_1_5"
            ),
            models.CheckConstraint(
                condition=~models.Q(approved=True, rejected=True), name="reviews_review_not_approved_and_rejected"
            ),
        ]

    def __str__(self):
        return f"{self.rating}★ {self.title}"

    @property
    def moderation_label(self) -> str:
        if self.approved:
            return "Approved"
        return "Rejected" if self.rejected else "Waiting"

    @property
    def author_display_name(self) -> str:
        """The public name under the review: the author's first name, never their email."""
        if self.author is None:
            return FORMER_CUSTOMER
        return self.author.first_name or UNNAMED_CUSTOMER
