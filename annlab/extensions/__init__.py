"""Extensions of the ANNarchy 4.8 API (``ANNarchy.extensions.*``)."""
